/**
 * Differential test: the same PeerJS conversation against the stock server (`peer` 1.0.2, in a child process
 * because it cannot be stopped cleanly in-process) and against ours must produce the same messages.
 * Only behaviour both servers share is compared; where ours is deliberately stricter (invalid ids, malformed
 * frames, bounds) the other test files cover it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect, startTestServer, type ServerMessage } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EXPIRE_MS = 300;
let stock: ChildProcess | undefined;
let stockPort = 0;

beforeAll(async () => {
  const script = `
    const { PeerServer } = await import('peer');
    PeerServer({ port: 0, host: '127.0.0.1', expire_timeout: ${EXPIRE_MS}, cleanup_out_msgs: 100 }, (server) => {
      process.stdout.write(server.address().port + '\\n');
    });`;
  stock = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  stockPort = await new Promise<number>((resolve, reject) => {
    stock!.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    stock!.once('exit', (code) => reject(new Error(`stock peer server exited with ${code}`)));
  });
});

afterAll(() => {
  stock?.kill('SIGKILL');
});

const OFFER = { type: 'data', connectionId: 'dc_abc', sdp: { type: 'offer', sdp: 'v=0\r\n' }, label: 'dc_abc', serialization: 'binary', reliable: true };

/** One conversation; returns what every client saw, in order. */
async function converse(port: number): Promise<Array<[string, unknown]>> {
  const url = (query: Record<string, string>) => `ws://127.0.0.1:${port}/peerjs?${new URLSearchParams({ version: '1.5.5', ...query })}`;
  const seen: Array<[string, unknown]> = [];
  const first = async (label: string, query: Record<string, string>) => {
    const client = await connect(url(query));
    seen.push([label, await client.next()]);
    return client;
  };
  const alice = await first('alice registers', { key: 'peerjs', id: 'alice', token: 'ta' });
  await first('another token for alice', { key: 'peerjs', id: 'alice', token: 'other' });
  await first('a wrong key', { key: 'nope', id: 'x', token: 't' });
  await first('no token', { key: 'peerjs', id: 'y' });
  const bob = await first('bob registers', { key: 'peerjs', id: 'bob', token: 'tb' });

  alice.send({ type: 'OFFER', dst: 'bob', src: 'spoofed', payload: OFFER, extra: 1 });
  seen.push(['bob gets the OFFER', await bob.next()]);
  bob.send({ type: 'ANSWER', dst: 'alice', payload: { sdp: { type: 'answer', sdp: 'v=0\r\n' }, type: 'data', connectionId: 'dc_abc' } });
  seen.push(['alice gets the ANSWER', await alice.next()]);
  alice.send({ type: 'CANDIDATE', dst: 'bob', payload: { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' }, type: 'data', connectionId: 'dc_abc' } });
  seen.push(['bob gets the CANDIDATE', await bob.next()]);
  alice.send({ type: 'HEARTBEAT' });
  alice.send({ type: 'LEAVE', dst: 'bob' });
  seen.push(['bob gets the LEAVE', await bob.next()]);

  alice.send({ type: 'OFFER', dst: 'carol', payload: OFFER });
  await alice.roundTrip();
  const carol = await first('carol registers', { key: 'peerjs', id: 'carol', token: 'tc' });
  seen.push(['carol gets the queued OFFER', await carol.next()]);

  alice.send({ type: 'OFFER', dst: 'dave', payload: OFFER });
  alice.send({ type: 'CANDIDATE', dst: 'dave', payload: { candidate: {}, type: 'data', connectionId: 'dc_abc' } });
  seen.push(['alice is told dave is unavailable', await alice.next(undefined, EXPIRE_MS * 10)]);
  await new Promise((resolve) => setTimeout(resolve, EXPIRE_MS));
  seen.push(['and only once', alice.messages.splice(0)]);

  const id = await fetch(`http://127.0.0.1:${port}/peerjs/id?ts=1`);
  seen.push(['GET /peerjs/id', [id.status, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(await id.text())]]);
  const peers = await fetch(`http://127.0.0.1:${port}/peerjs/peers`);
  seen.push(['GET /peerjs/peers', peers.status]);
  seen.push(['GET /', await (await fetch(`http://127.0.0.1:${port}/`)).json()]);
  return seen;
}

describe('compatibility with the stock PeerJS server', () => {
  it('produces the same messages for the same conversation', { timeout: 20_000 }, async () => {
    const expected = await converse(stockPort);
    const ours = await startTestServer({ expireTimeoutMs: EXPIRE_MS });
    const actual = await converse(ours.port);
    expect(actual).toEqual(expected);
    // Sanity: the conversation did reach the interesting parts on the reference server.
    const byLabel = new Map(expected);
    expect(byLabel.get('another token for alice')).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    expect((byLabel.get('carol gets the queued OFFER') as ServerMessage).src).toBe('alice');
    expect(byLabel.get('alice is told dave is unavailable')).toEqual({ type: 'EXPIRE', src: 'dave', dst: 'alice' });
  });

  it('--engine stock (the stock server behind our front, in-process) is the stock server', { timeout: 20_000 }, async () => {
    const expected = await converse(stockPort);
    const wrapped = await startTestServer({ engine: 'stock', expireTimeoutMs: EXPIRE_MS });
    expect(wrapped.engine).toBe('stock');
    expect(await converse(wrapped.port)).toEqual(expected);
  });
});
