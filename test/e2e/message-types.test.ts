/**
 * `rtcdemo receive` prints any value a PeerJS peer can send, one valid JSON object per line with --json,
 * whatever its type. The sender is a real page running PeerJS (served by the demo server), sending with
 * PeerJS's default (binary) serialization, as the tutorial's code does. Across browsers too: a Chromium page
 * to `receive --browser firefox`, and a Firefox page to `receive` in Chromium (issue 11).
 */
import { describe, expect, it } from 'vitest';
import { runRtcdemo, useDemoServerAndBrowser } from './support.js';

interface PeerLike {
  on(event: 'open', listener: () => void): void;
  connect(id: string, options: { reliable: boolean }): { on(event: 'open', listener: () => void): void; send(value: unknown): void };
}
declare const Peer: new (id: string, options: object) => PeerLike;

const LONG = 100_000;

describe.each([
  { page: 'chromium', receiver: 'chromium' },
  { page: 'chromium', receiver: 'firefox' },
  { page: 'firefox', receiver: 'chromium' },
] as const)('rtcdemo receive --browser $receiver --json, from a $page page', ({ page: pageBrowser, receiver }) => {
  const rig = useDemoServerAndBrowser('localhost', pageBrowser);

  it('prints every kind of value a PeerJS page sends as one JSON object per line', { timeout: 90_000 }, async () => {
    const receive = runRtcdemo(['receive', '--browser', receiver, '--count', '13', '--timeout', '60s', '--json', '--server', rig.server.url]);
    const page = await rig.browser.browser.newPage();
    try {
      await receive.waitFor('stderr', /registered as "receiver"/, 40_000);
      await page.goto(rig.server.url);
      await page.addScriptTag({ url: `${rig.server.url}peerjs.min.js` });
      const { hostname, port } = new URL(rig.server.url);
      await page.evaluate(
        (host, port, long) =>
          new Promise<void>((resolve) => {
            const peer = new Peer('typed-sender', { host, port: Number(port), path: '/', config: { iceServers: [] } });
            peer.on('open', () => {
              const conn = peer.connect('receiver', { reliable: true });
              conn.on('open', () => {
                const values: unknown[] = [
                  'hi!',
                  42,
                  3.5,
                  true,
                  // PeerJS 1.5.5's own receiver throws on null (`null.__peerData`); rtcdemo's still prints it.
                  null,
                  { a: 1, b: [1, 2] },
                  [1, 'two', { three: 3 }],
                  new Uint8Array([1, 2, 3, 255]),
                  new ArrayBuffer(20),
                  new Float32Array([1.5, -2]),
                  new Blob(['blob text'], { type: 'text/plain' }),
                  new Date(0),
                  'x'.repeat(long),
                ];
                for (const value of values) conn.send(value);
                resolve();
              });
            });
          }),
        hostname,
        port,
        LONG,
      );
      const { code } = await receive.exited;
      expect(code, receive.stderr()).toBe(0);
      const lines = receive.stdout().trim().split('\n');
      expect(lines).toHaveLength(13);
      const messages = lines.map((line) => JSON.parse(line) as { from: string; kind: string; type?: string; data: unknown; bytes: number });
      for (const m of messages) expect(m.from).toBe('typed-sender');
      // binarypack packs a Blob asynchronously, so it may arrive after the values sent after it.
      const blobIndex = messages.findIndex((m) => (m.data as { hex?: string } | null)?.hex === '626c6f622074657874');
      expect(blobIndex).toBeGreaterThanOrEqual(0);
      const [blob] = messages.splice(blobIndex, 1);
      const [text, int, float, bool, nul, object, array, u8, buffer, f32, date, long] = messages;
      expect(text).toMatchObject({ kind: 'string', data: 'hi!', bytes: 3 });
      expect(int).toMatchObject({ kind: 'number', data: 42 });
      expect(float).toMatchObject({ kind: 'number', data: 3.5 });
      expect(bool).toMatchObject({ kind: 'boolean', data: true });
      expect(nul).toMatchObject({ kind: 'null', data: null });
      expect(object).toMatchObject({ kind: 'object', data: { a: 1, b: [1, 2] } });
      expect(array).toMatchObject({ kind: 'array', data: [1, 'two', { three: 3 }] });
      // Typed arrays and Blobs arrive as ArrayBuffers (binarypack), shown as length and hex.
      expect(u8).toMatchObject({ kind: 'binary', bytes: 4, data: { hex: '010203ff' } });
      expect(buffer).toMatchObject({ kind: 'binary', bytes: 20, data: { hex: '00'.repeat(16) } });
      expect(f32).toMatchObject({ kind: 'binary', bytes: 8, data: { hex: '0000c03f000000c0' } });
      expect(blob).toMatchObject({ kind: 'binary', bytes: 9 });
      // binarypack sends a Date as its toString().
      expect(date).toMatchObject({ kind: 'string' });
      expect(new Date(date!.data as string).getTime()).toBe(0);
      // Over 16 KB: PeerJS sends it in chunks; it arrives whole.
      expect(long).toMatchObject({ kind: 'string', bytes: LONG });
      expect((long!.data as string).length).toBe(LONG);
    } finally {
      await page.close();
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  });
});
