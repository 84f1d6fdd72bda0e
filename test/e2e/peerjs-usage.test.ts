/**
 * Legitimate PeerJS usage, with real PeerJS 1.5.5 pages in real Chromium, against both engines at their defaults:
 * a page opening 100 data connections at once, connect() with 100 KB of metadata, and ids longer than 128
 * characters. What the stock server serves, ours must serve too (issue 9).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startSignalingServer, type SignalingEngine, type SignalingServer } from '../../src/server/signaling-server.js';
import { handleDemoPageRequest } from '../../src/server/demo-pages.js';
import type { AgentBrowser } from '../../src/core/browser/launch-browser.js';
import { launchTestBrowser } from './support.js';

interface PeerLike {
  on(event: string, listener: (...args: never[]) => void): void;
  connect(id: string, options?: object): { on(event: string, listener: () => void): void };
  destroy(): void;
}
declare const Peer: new (id: string, options: object) => PeerLike;

let browser: AgentBrowser;
beforeAll(async () => {
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each<SignalingEngine>(['rtcdemo', 'stock'])('PeerJS pages against --engine %s', (engine) => {
  let server: SignalingServer;
  let page: Page;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host: '127.0.0.1', engine, pages: handleDemoPageRequest });
    page = await browser.browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.addScriptTag({ url: `http://127.0.0.1:${server.port}/peerjs.min.js` });
  });
  afterAll(async () => {
    await page?.close();
    await server?.close();
  });
  const options = () => ({ host: '127.0.0.1', port: server.port, path: '/', config: { iceServers: [] } });

  it('a page opening 100 data connections at once gets all 100 open', async () => {
    const result = await page.evaluate((o) => new Promise<{ open: number; errors: string[] }>((resolve) => {
      const errors: string[] = [];
      const rx = new Peer('many-rx', o);
      const tx = new Peer('many-tx', o);
      let open = 0;
      const done = () => { resolve({ open, errors }); rx.destroy(); tx.destroy(); };
      for (const p of [rx, tx]) p.on('error', (e: { type: string; message: string }) => errors.push(`${e.type}: ${e.message}`));
      rx.on('open', () => tx.on('open', () => {
        for (let i = 0; i < 100; i++) tx.connect('many-rx', { reliable: true }).on('open', () => { open += 1; if (open === 100) done(); });
      }));
      setTimeout(done, 30_000);
    }), options());
    expect(result).toEqual({ open: 100, errors: [] });
  }, 60_000);

  it('connect() with 100 KB of metadata is delivered', async () => {
    const delivered = await page.evaluate((o) => new Promise<string>((resolve) => {
      const rx = new Peer('meta-rx', o);
      const tx = new Peer('meta-tx', o);
      const done = (what: string) => { resolve(what); rx.destroy(); tx.destroy(); };
      rx.on('connection', (c: { metadata: string }) => done(`metadata of ${c.metadata.length} characters`));
      tx.on('error', (e: { type: string; message: string }) => done(`sender error ${e.type}: ${e.message}`));
      rx.on('open', () => tx.on('open', () => tx.connect('meta-rx', { metadata: 'm'.repeat(100_000) })));
      setTimeout(() => done('nothing in 20 s'), 20_000);
    }), options());
    expect(delivered).toBe('metadata of 100000 characters');
  }, 60_000);

  it('ids longer than 128 characters register and connect', async () => {
    const longId = `${'l'.repeat(150)}-${'d'.repeat(150)}`;
    const result = await page.evaluate((o, id) => new Promise<string>((resolve) => {
      const rx = new Peer(id, o);
      const tx = new Peer(`${id}-tx`, o);
      const done = (what: string) => { resolve(what); rx.destroy(); tx.destroy(); };
      for (const p of [rx, tx]) p.on('error', (e: { type: string; message: string }) => done(`error ${e.type}: ${e.message}`));
      rx.on('open', () => tx.on('open', () => tx.connect(id).on('open', () => done('open'))));
      setTimeout(() => done('nothing in 20 s'), 20_000);
    }), options(), longId);
    expect(result).toBe('open');
  }, 60_000);
});
