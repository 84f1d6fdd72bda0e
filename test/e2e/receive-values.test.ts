/**
 * `rtcdemo receive` against plain PeerJS pages: values PeerJS 1.5.5 itself loses (null), every serialization
 * PeerJS offers (MsgPack included), and messages over --max-message-bytes: described by size and prefix,
 * and a connection sending one far larger is closed before the page holds it all, while receive carries on.
 */
import { describe, expect, it } from 'vitest';
import { runRtcdemo, useDemoServerAndBrowser } from './support.js';
import { openPeerPage } from './peer-page.js';

const rig = useDemoServerAndBrowser('127.0.0.1');

interface JsonLine {
  from: string;
  kind: string;
  data: unknown;
  bytes: number;
  truncated?: boolean;
  prefix?: string;
}

function signaling() {
  const { hostname, port } = new URL(rig.server.url);
  return { host: hostname, port: Number(port) };
}

describe('rtcdemo receive --json', () => {
  it('prints null sent with binary and json serialization, and every value of a MsgPack connection', { timeout: 60_000 }, async () => {
    const receive = runRtcdemo(['receive', '--id', 'values', '--count', '5', '--timeout', '15s', '--json', '--server', rig.server.url]);
    const plain = await openPeerPage(rig.browser.browser, { pagesUrl: rig.server.url, signaling: signaling(), id: 'null-sender' });
    const msgpack = await openPeerPage(rig.browser.browser, { pagesUrl: rig.server.url, signaling: signaling(), id: 'msgpack-sender', msgpack: true });
    try {
      await receive.waitFor('stderr', /registered as "/, 20_000);
      await plain.connectAndSend('values', { reliable: true }, '() => [null]');
      await receive.waitFor('stdout', /null-sender/);
      await plain.connectAndSend('values', { reliable: true, serialization: 'json' }, '() => [null]');
      await receive.waitFor('stdout', /null-sender[^\n]*\n[^\n]*null-sender/);
      await msgpack.connectAndSend('values', { serialization: 'MsgPack' }, '() => ["hi from msgpack", { a: [1, 2] }, null]');
      const { code } = await receive.exited;
      expect(code, receive.stderr() + receive.stdout()).toBe(0);
      const lines = receive.stdout().trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
      expect(lines.map(({ from, kind, data }) => ({ from, kind, data }))).toEqual([
        { from: 'null-sender', kind: 'null', data: null },
        { from: 'null-sender', kind: 'null', data: null },
        { from: 'msgpack-sender', kind: 'string', data: 'hi from msgpack' },
        { from: 'msgpack-sender', kind: 'object', data: { a: [1, 2] } },
        { from: 'msgpack-sender', kind: 'null', data: null },
      ]);
      expect(receive.stderr()).toMatch(/data connection from msgpack-sender open \(MsgPack\)/);
    } finally {
      await plain.page.close();
      await msgpack.page.close();
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  });

  it('describes a message over --max-message-bytes by size and prefix, closes a connection sending one over the refusal bound, and carries on', { timeout: 90_000 }, async () => {
    const receive = runRtcdemo(['receive', '--id', 'bounded', '--count', '2', '--timeout', '60s', '--json', '--max-message-bytes', '1000', '--server', rig.server.url]);
    const sender = await openPeerPage(rig.browser.browser, { pagesUrl: rig.server.url, signaling: signaling(), id: 'big-sender' });
    try {
      await receive.waitFor('stderr', /registered as "/, 20_000);
      await sender.connectAndSend('bounded', { reliable: true }, '() => ["a".repeat(5000)]');
      await receive.waitFor('stdout', /big-sender/);
      // 20 MB in PeerJS chunks: above the 16 MiB refusal bound (4 × 1000 bytes is less than its 16 MiB floor).
      await sender.connectAndSend('bounded', { reliable: true }, '() => ["b".repeat(20_000_000)]');
      const [refusal] = await receive.waitFor('stderr', /refused a message from big-sender: \d+ bytes of it had arrived, over the 16777216-byte bound[^\n]*closed the connection/, 40_000);
      expect(refusal).toBeTruthy();
      // The sender sees its connection closed.
      await expect.poll(() => sender.closedConnections(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      // receive is still there for the next peer.
      await sender.connectAndSend('bounded', { reliable: true }, '() => ["still listening"]');
      const { code } = await receive.exited;
      expect(code, receive.stderr()).toBe(0);
      const [big, after] = receive.stdout().trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
      expect(big).toMatchObject({ from: 'big-sender', kind: 'string', bytes: 5000, data: null, truncated: true, prefix: 'a'.repeat(80) });
      expect(after).toMatchObject({ from: 'big-sender', kind: 'string', data: 'still listening' });
    } finally {
      await sender.page.close();
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  });
});
