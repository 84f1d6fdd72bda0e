/**
 * A sending page for end-to-end tests: plain PeerJS 1.5.5 (the demo server's peerjs.min.js, or its MsgPack
 * serializer), running in the test browser, as any PeerJS app would. Nothing of rtcdemo's agent is in it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

interface PeerLike {
  on(event: 'open', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  connect(id: string, options: object): ConnLike;
  call(id: string, stream: MediaStream): { on(event: 'stream', listener: (remote: MediaStream) => void): void; peerConnection: RTCPeerConnection };
}
interface ConnLike {
  on(event: 'open' | 'close', listener: () => void): void;
  send(value: unknown): void;
}
declare const peerjs: { Peer: new (id: string, options: object) => PeerLike; util: { validateId(id: string): boolean } };
declare global {
  interface Window {
    testPeer?: PeerLike;
    testConnections?: ConnLike[];
    testClosed?: number;
    MsgPack?: unknown;
  }
}

const peerjsDist = path.join(path.dirname(createRequire(import.meta.url).resolve('peerjs/package.json')), 'dist');

export interface PeerPageOptions {
  /** Where peerjs.min.js is served (the demo server). */
  pagesUrl: string;
  /** The signaling server to register with. */
  signaling: { host: string; port: number };
  id: string;
  /** Register ids that PeerJS itself refuses (the stock server accepts them). */
  skipIdValidation?: boolean;
  /** Load PeerJS's MsgPack serializer (serializer.msgpack.mjs) as PeerJS documents it. */
  msgpack?: boolean;
}

export interface PeerPage {
  page: Page;
  /** Opens a connection to `to` and sends `values` (made in the page by `makeValues`, a function source). */
  connectAndSend(to: string, connectOptions: object, makeValues: string): Promise<void>;
  /** Connections of this page that have closed. */
  closedConnections(): Promise<number>;
  /**
   * Calls `to` with the fake devices `constraints` asks for; resolves once the answer's stream arrived and
   * audio packets (if any) came in for a second: the kinds of its tracks, and the audio packets received.
   */
  call(to: string, constraints: MediaStreamConstraints): Promise<{ kinds: string[]; audioPacketsReceived: number }>;
}

export async function openPeerPage(browser: Browser, options: PeerPageOptions): Promise<PeerPage> {
  const page = await browser.newPage();
  // The demo pages' CSP allows only their own scripts; this test page also imports a blob: module.
  await page.setBypassCSP(true);
  await page.goto(options.pagesUrl);
  await page.addScriptTag({ url: `${options.pagesUrl}peerjs.min.js` });
  if (options.msgpack) {
    const source = readFileSync(path.join(peerjsDist, 'serializer.msgpack.mjs'), 'utf8');
    const url = await page.evaluate((src) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), source);
    // A string, not a function: vitest would rewrite a function's import() into its own loader.
    await page.evaluate(`import(${JSON.stringify(url)}).then((m) => { window.MsgPack = m.MsgPack; })`);
  }
  await page.evaluate(
    (o) =>
      new Promise<void>((resolve, reject) => {
        if (o.skipIdValidation) peerjs.util.validateId = () => true;
        const peer = new peerjs.Peer(o.id, {
          host: o.host,
          port: o.port,
          path: '/',
          config: { iceServers: [] },
          ...(o.msgpack ? { serializers: { MsgPack: window.MsgPack } } : {}),
        });
        window.testPeer = peer;
        window.testConnections = [];
        window.testClosed = 0;
        peer.on('open', () => resolve());
        peer.on('error', (error) => reject(new Error(`test peer ${o.id}: ${error.message}`)));
      }),
    { id: options.id, host: options.signaling.host, port: options.signaling.port, skipIdValidation: options.skipIdValidation ?? false, msgpack: options.msgpack ?? false },
  );
  return {
    page,
    connectAndSend: (to, connectOptions, makeValues) =>
      page.evaluate(
        (target, opts, make) =>
          new Promise<void>((resolve) => {
            const conn = window.testPeer!.connect(target, opts);
            window.testConnections!.push(conn);
            conn.on('close', () => { window.testClosed! += 1; });
            conn.on('open', () => {
              const values = (new Function(`return (${make})()`) as () => unknown[])();
              for (const value of values) conn.send(value);
              resolve();
            });
          }),
        to,
        connectOptions,
        makeValues,
      ),
    closedConnections: () => page.evaluate(() => window.testClosed ?? 0),
    call: (to, constraints) =>
      page.evaluate(async (target, c) => {
        const local = await navigator.mediaDevices.getUserMedia(c);
        const call = window.testPeer!.call(target, local);
        const remote = await new Promise<MediaStream>((resolve) => call.on('stream', resolve));
        await new Promise((r) => setTimeout(r, 1500));
        let audioPacketsReceived = 0;
        (await call.peerConnection.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') audioPacketsReceived += s.packetsReceived ?? 0;
        });
        return { kinds: remote.getTracks().map((t) => t.kind).sort(), audioPacketsReceived };
      }, to, constraints as object),
  };
}
