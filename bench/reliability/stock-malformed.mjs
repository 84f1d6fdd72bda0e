#!/usr/bin/env node
/**
 * One malformed frame (`{not json`) from one registered client: what happens to the server process?
 * Three servers, each in its own child process: the stock `peer` 1.0.2 PeerServer as its README shows it (no
 * 'error' listener), the same with `peerServer.on('error', …)`, and rtcdemo's (from dist/; build first).
 *
 *   node bench/reliability/stock-malformed.mjs
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHILDREN = {
  'stock, no error listener': `
    const { PeerServer } = await import('peer');
    PeerServer({ port: 0, host: '127.0.0.1' }, (s) => process.stdout.write(s.address().port + '\\n'));`,
  'stock, with an error listener': `
    const { PeerServer } = await import('peer');
    const peerServer = PeerServer({ port: 0, host: '127.0.0.1' }, (s) => process.stdout.write(s.address().port + '\\n'));
    peerServer.on('error', (e) => process.stderr.write('error event: ' + e.message + '\\n'));`,
  'rtcdemo (ours)': `
    const { startSignalingServer } = await import('./dist/server/signaling-server.js');
    const s = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    process.stdout.write(s.port + '\\n');`,
};

for (const [name, code] of Object.entries(CHILDREN)) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += String(c); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve) => child.stdout.once('data', (c) => resolve(Number(String(c).trim()))));
  const socket = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=bad&token=t&version=1.5.5`);
  const replies = [];
  socket.on('message', (d) => replies.push(String(d)));
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', (c) => resolve(c)));
  await new Promise((resolve) => socket.once('message', resolve)); // OPEN
  socket.send('{not json');
  const outcome = await Promise.race([exited.then((e) => ({ exited: e })), new Promise((r) => setTimeout(() => r(null), 1500))]);
  let health = 'n/a';
  if (!outcome) {
    health = await fetch(`http://127.0.0.1:${port}/peerjs/id`).then((r) => `GET /peerjs/id ${r.status}`, (e) => `GET /peerjs/id failed: ${e.cause?.code ?? e.message}`);
  }
  const closeCode = await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 200))]);
  const crash = stderr.split('\n').find((l) => /Error|error/.test(l)) ?? '';
  console.log(JSON.stringify({
    server: name,
    process: outcome ? `exited (code ${outcome.exited.code ?? outcome.exited.signal})` : 'alive',
    client: `replies ${JSON.stringify(replies.slice(1))}, close ${closeCode}`,
    afterwards: health,
    stderr: crash.trim().slice(0, 160),
  }));
  socket.terminate();
  child.kill('SIGKILL');
  await exited;
}
