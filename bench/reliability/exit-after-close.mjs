#!/usr/bin/env node
/**
 * Does the process end by itself once the server is closed? A child starts the server, registers two peers,
 * relays an OFFER, queues one for an absent peer, closes the server (stock: its HTTP server, the only handle it
 * exposes; ours: close()), and then does nothing. We wait up to 10 s for it to exit. Build first.
 *
 *   node bench/reliability/exit-after-close.mjs
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const WAIT_MS = 10_000;
const USE = `
import { once } from 'node:events';
import { WebSocket } from 'ws';
const ws = (id) => new WebSocket('ws://127.0.0.1:' + port + '/peerjs?key=peerjs&id=' + id + '&token=t&version=1.5.5');
const alice = ws('alice'); await once(alice, 'message');
const bob = ws('bob'); await once(bob, 'message');
alice.send(JSON.stringify({ type: 'OFFER', dst: 'bob', payload: { type: 'data' } })); await once(bob, 'message');
alice.send(JSON.stringify({ type: 'OFFER', dst: 'ghost', payload: { type: 'data' } }));
await new Promise((r) => setTimeout(r, 100));
alice.terminate(); bob.terminate();
`;
const CHILDREN = {
  'stock peer 1.0.2 (PeerServer, then its http server closed)': `
    const { PeerServer } = await import('peer');
    const http = await new Promise((resolve) => PeerServer({ port: 0, host: '127.0.0.1' }, resolve));
    const port = http.address().port;
    ${USE}
    http.closeAllConnections(); await new Promise((r) => http.close(r));
    process.stdout.write('closed\\n');`,
  'rtcdemo (startSignalingServer, then close())': `
    const { startSignalingServer } = await import('./dist/server/signaling-server.js');
    const server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    const port = server.port;
    ${USE}
    await server.close();
    process.stdout.write('closed\\n');`,
};

for (const [name, code] of Object.entries(CHILDREN)) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const closedAt = performance.now();
  const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), WAIT_MS))]);
  console.log(JSON.stringify({
    server: name,
    afterClose: outcome ? `exited by itself ${Math.round(performance.now() - closedAt)} ms after close (code ${outcome.code})` : `still running ${WAIT_MS / 1000} s after close (killed)`,
  }));
  child.kill('SIGKILL');
  await exited;
}
