/**
 * The TURN server rtcdemo runs, with the real coturn: it starts on free ports with long-term credentials,
 * refuses wrong ones, relays only to the allowed peers, and leaves no process or file behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTurnServer, type TurnServer } from '../../src/core/turn/turn-server.js';
import { emergencyCleanup } from '../../src/core/cleanup.js';
import { TurnTestClient } from '../support/turn-client.js';
import { sweepOrphanTurnServers } from '../../src/core/turn/orphans.js';
import { turnserverArgs } from '../../src/core/turn/turnserver-args.js';

const servers: TurnServer[] = [];
const clients: TurnTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
});

async function start(options: Parameters<typeof startTurnServer>[0] = {}): Promise<TurnServer> {
  const server = await startTurnServer(options);
  servers.push(server);
  return server;
}

function client(server: TurnServer, password = server.credential): TurnTestClient {
  const c = new TurnTestClient(server.listenIp, server.port, server.username, password);
  clients.push(c);
  return c;
}

function isRunning(pid: number): boolean {
  try {
    // A zombie still answers kill(0); its command line is empty.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('turnserver');
  } catch {
    return false;
  }
}

/** coturn's state dir, from its --pidfile argument. */
function stateDirOf(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const pidfile = args.find((a) => a.startsWith('--pidfile='))!.slice('--pidfile='.length);
  return pidfile.slice(0, pidfile.lastIndexOf('/'));
}

describe('startTurnServer (real coturn)', () => {
  it('allocates with the fresh credential and refuses a wrong one with 401', async () => {
    const server = await start();
    expect(server.credential).toMatch(/^[\w-]{24}$/);
    expect(server.urls.udp).toBe(`turn:127.0.0.1:${server.port}?transport=udp`);
    expect((await client(server).allocate()).ok).toBe(true);
    const refused = await client(server, 'wrong').allocate();
    expect(refused.ok).toBe(false);
    expect(refused.errorCode).toBe(401);
  });

  it('is not an open relay: a peer outside the allowed ranges is refused (403), one inside is allowed', async () => {
    // Allowed: only 127.0.0.2. Refused: another loopback address and a public one.
    const server = await start({ allowedPeers: ['127.0.0.2'] });
    const c = client(server);
    expect(await c.allocate()).toMatchObject({ ok: true });
    expect(await c.createPermission('127.0.0.2')).toMatchObject({ ok: true });
    expect(await c.createPermission('127.0.0.3')).toMatchObject({ ok: false, errorCode: 403 });
    expect(await c.createPermission('192.0.2.77')).toMatchObject({ ok: false, errorCode: 403 });
    expect(await c.createPermission('8.8.8.8')).toMatchObject({ ok: false, errorCode: 403 });
  });

  it('relays to loopback peers by default (both agents on this machine), and nowhere else', async () => {
    const server = await start();
    const c = client(server);
    expect(await c.allocate()).toMatchObject({ ok: true });
    expect(await c.createPermission('127.0.0.1')).toMatchObject({ ok: true });
    expect(await c.createPermission('10.0.0.1')).toMatchObject({ ok: false, errorCode: 403 });
  });

  it('keeps reading coturn\'s log: hundreds of allocations later it still answers (a full pipe would block it)', { timeout: 60_000 }, async () => {
    const server = await start();
    // coturn logs several lines per allocation at --verbose; 400 of them write well over a 64 KiB pipe.
    // Each client keeps its socket (closed after the test): a reused source port would hit the earlier
    // client's allocation (437 Allocation Mismatch).
    for (let i = 0; i < 400; i++) expect(await client(server).allocate()).toMatchObject({ ok: true });
    expect(server.logTail().join('\n').length).toBeGreaterThan(0);
  });

  it('listens for TLS too when asked, with a certificate whose key hash Chromium can be told to trust', async () => {
    const server = await start({ tls: true });
    expect(server.tlsPort).not.toBeNull();
    expect(server.urls.tls).toBe(`turns:127.0.0.1:${server.tlsPort}?transport=tcp`);
    expect(server.tlsSpkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(server.iceServers(['tcp', 'tls'])).toEqual([{ urls: [server.urls.tcp, server.urls.tls], username: 'rtcdemo', credential: server.credential }]);
  });

  it('stop() ends coturn and removes its temp dir (pid file, user database, certificate)', async () => {
    const server = await start({ tls: true });
    const dir = stateDirOf(server.pid);
    expect(dir.startsWith(os.tmpdir())).toBe(true);
    expect(existsSync(`${dir}/turnserver.pid`)).toBe(true);
    await server.stop();
    expect(isRunning(server.pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('the emergency cleanup (second Ctrl-C, unexpected exit) kills it synchronously', async () => {
    const server = await start();
    const dir = stateDirOf(server.pid);
    emergencyCleanup();
    await server.exited;
    expect(isRunning(server.pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a missing binary is exit 3 with the install hint', async () => {
    await expect(start({ binary: '/nonexistent/turnserver' })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('sudo apt-get install -y coturn'),
    });
  });

  it('runs under a command prefix (how the network lab puts it in a namespace)', async () => {
    const server = await start({ commandPrefix: ['env', 'RTCDEMO_TEST_PREFIX=1'] });
    expect((await client(server).allocate()).ok).toBe(true);
    await server.stop();
    expect(isRunning(server.pid)).toBe(false);
  });

  it("a server left by a SIGKILLed run (its owner gone) is stopped by the next start; a live owner's is not", { timeout: 30_000 }, async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-sweep-'));
    const children: ReturnType<typeof spawn>[] = [];
    try {
      // An owner that no longer exists: the pid of a process that has exited.
      const deadOwner = spawnSync(process.execPath, ['-e', '0']).pid;
      const orphanDir = path.join(tmp, `rtcdemo-turn-${deadOwner}-abc123`);
      const liveDir = path.join(tmp, `rtcdemo-turn-${process.pid}-def456`);
      const spawnCoturn = (stateDir: string) => {
        mkdirSync(stateDir);
        const args = turnserverArgs({ listenIp: '127.0.0.1', relayIp: '127.0.0.1', port: 0, tls: null, username: 'u', credential: 'p', realm: 'rtcdemo', allowedPeers: [], stateDir });
        const child = spawn('turnserver', args, { stdio: 'ignore' });
        children.push(child);
        return child;
      };
      const orphan = spawnCoturn(orphanDir);
      const live = spawnCoturn(liveDir);
      const orphanGone = new Promise((resolve) => orphan.once('exit', resolve));
      await waitFor(() => existsSync(`${orphanDir}/turnserver.pid`) && existsSync(`${liveDir}/turnserver.pid`), 15_000);
      expect(sweepOrphanTurnServers(tmp)).toBe(1);
      await orphanGone;
      expect(existsSync(orphanDir)).toBe(false);
      expect(existsSync(liveDir)).toBe(true);
      expect(isRunning(live.pid!)).toBe(true);
    } finally {
      // Whatever failed above, no coturn of this test outlives it.
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
