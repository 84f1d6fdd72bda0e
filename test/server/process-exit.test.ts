/**
 * close() must leave nothing behind: a child process that starts the server, uses it (peers, a queued message
 * with its expiry pending, a keep-alive HTTP connection) and closes it must exit by itself, with no
 * process.exit(). The stock `peer` server fails exactly this on its own (its expiry and heartbeat timers keep Node
 * alive); run by `--engine stock` (stock-engine.ts) it must pass too, after a malformed frame that would crash it
 * without an error listener.
 *
 * The child cannot import TypeScript, so the server is bundled with esbuild into the git-ignored /tmp/ folder
 * of the project (inside it, so that `ws` and `selfsigned` resolve from node_modules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir = '';

const CHILD = `
import { once } from 'node:events';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { startSignalingServer } from './signaling-server.mjs';

const mode = process.argv[2];
const engine = process.argv[3] ?? 'rtcdemo';
const server = await startSignalingServer({ port: 0, host: 'localhost', engine, https: mode === 'https' ? 'self-signed' : undefined });
const ws = (id) => new WebSocket(server.url.replace(/^http/, 'ws') + 'peerjs?key=peerjs&id=' + id + '&token=t', { rejectUnauthorized: false });
const alice = ws('alice');
await once(alice, 'message');
const bob = ws('bob');
await once(bob, 'message');
alice.send(JSON.stringify({ type: 'OFFER', dst: 'bob', payload: { type: 'data' } }));
await once(bob, 'message');
alice.send(JSON.stringify({ type: 'OFFER', dst: 'ghost', payload: { type: 'data' } })); // queued, expiry pending
if (engine === 'stock') {
  // JSON null: the stock server's message handler throws and emits 'error', fatal without a listener.
  bob.send('null');
  await new Promise((resolve) => server.events.once('socket-error', resolve));
}
if (mode === 'http') {
  // A keep-alive HTTP connection, and a request whose headers never finish: both are the server's to cut.
  const agent = new Agent({ keepAlive: true });
  await new Promise((resolve) => request(server.url + 'health', { agent }, (res) => { res.resume(); res.on('end', resolve); }).end());
  const raw = connect(server.port, '127.0.0.1');
  raw.on('error', () => {});
  await once(raw, 'connect');
  raw.write('GET /peerjs?key=peerjs HTTP/1.1\\r\\nHost: localhost\\r\\nUpgrade: websocket\\r\\n');
}
if (mode !== 'no-close') {
  await server.close();
  process.stdout.write('closed\\n');
} else {
  process.stdout.write('running\\n');
}
`;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'server-exit-'));
  await build({
    entryPoints: [join(root, 'src/server/signaling-server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: join(dir, 'signaling-server.mjs'),
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'child.mjs'), CHILD);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the child; resolves with what it printed and how long it lived after printing it, or 'still running'. */
function runChild(mode: string, graceMs: number, engine = 'rtcdemo'): Promise<{ printed: string; exitCode: number | null; afterPrintMs: number | 'still running' }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(dir, 'child.mjs'), mode, engine], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    let stderr = '';
    let printedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr?.on('data', (chunk: Buffer) => { stderr += String(chunk); });
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += String(chunk);
      if (printedAt) return;
      printedAt = Date.now();
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ printed, exitCode: null, afterPrintMs: 'still running' });
      }, graceMs);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!printedAt) return reject(new Error(`child exited (${code}) before printing; stderr: ${stderr}`));
      resolve({ printed, exitCode: code, afterPrintMs: Date.now() - printedAt });
    });
  });
}

describe('close() lets the process exit by itself', () => {
  it.each(['http', 'https'])('over %s', { timeout: 15_000 }, async (mode) => {
    const result = await runChild(mode, 3000);
    expect(result.printed).toBe('closed\n');
    expect(result.afterPrintMs).not.toBe('still running');
    expect(result.exitCode).toBe(0);
  });

  it.each(['http', 'https'])('with --engine stock, over %s', { timeout: 15_000 }, async (mode) => {
    const result = await runChild(mode, 3000, 'stock');
    expect(result.printed).toBe('closed\n');
    expect(result.afterPrintMs).not.toBe('still running');
    expect(result.exitCode).toBe(0);
  });

  it('(control) without close() the same child keeps running, so the check above can fail', { timeout: 15_000 }, async () => {
    const result = await runChild('no-close', 1500);
    expect(result.printed).toBe('running\n');
    expect(result.afterPrintMs).toBe('still running');
  });
});
