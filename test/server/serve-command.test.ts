/** `rtcdemo serve` in-process: the banner, event lines, flags, errors and the exit on a signal. */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createServer, type Server } from 'node:net';
import { runCli } from '../../src/cli/main.js';
import { ExitCode } from '../../src/core/errors.js';
import type { CommandContext } from '../../src/cli/context.js';
import { parseServeFlags } from '../../src/cli/serve-options.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { connect, waitFor, OFFER_PAYLOAD, type TestClient } from './helpers.js';

interface LiveRun {
  stdout: () => string;
  stderr: () => string;
  controller: AbortController;
  done: Promise<number>;
}

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk: Buffer | string, _enc, cb) { text += chunk.toString(); cb(); } });
  return { stream, text: () => text };
}

/** Starts `rtcdemo <args>` and returns while it runs. */
function start(args: string[]): LiveRun {
  const stdout = capture();
  const stderr = capture();
  const controller = new AbortController();
  const ctx: CommandContext = { io: { stdout: stdout.stream, stderr: stderr.stream }, signal: controller.signal, exitCode: ExitCode.ok };
  const done = runCli(['node', 'rtcdemo', ...args], ctx);
  return { stdout: stdout.text, stderr: stderr.text, controller, done };
}

async function serving(run: LiveRun): Promise<string> {
  await Promise.race([
    waitFor(() => run.stdout().includes('signaling on'), 5000, 'the banner'),
    run.done.then((code) => { throw new Error(`serve ended with ${code}: ${run.stderr()}`); }),
  ]);
  return /signaling on (\S+)/.exec(run.stdout())![1]!;
}

async function peer(base: string, id: string): Promise<TestClient> {
  const client = await connect(`${base.replace(/^http/, 'ws')}peerjs?key=peerjs&id=${id}&token=t`);
  expect((await client.next()).type).toBe('OPEN');
  return client;
}

describe('rtcdemo serve', () => {
  it('prints its URLs, a line per event with a time stamp, and exits 130 on SIGINT after closing', async () => {
    const run = start(['serve', '--port', '0']);
    const base = await serving(run);
    expect(base).toMatch(/^http:\/\/localhost:\d+\/$/);
    const out = run.stdout();
    expect(out).toContain(`(PeerJS path /, key peerjs)`);
    for (const page of ['receiver', 'sender']) expect(out).toContain(`${base}${page}`);
    expect(out).toContain(`${base.replace('http', 'ws')}peerjs`);
    expect((await fetch(`${base}health`)).status).toBe(200);

    const alice = await peer(base, 'alice');
    const bob = await peer(base, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    await bob.nextOfType('OFFER');
    alice.send({ type: 'OFFER', dst: 'carol', payload: { ...OFFER_PAYLOAD, type: 'media' } });
    await waitFor(() => run.stderr().includes('carol'), 2000, 'the queued line');
    const lines = run.stderr().trimEnd().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} \+ alice registered from 127\.0\.0\.1 \(1 peer\)$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} \+ bob registered from 127\.0\.0\.1 \(2 peers\)$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} → OFFER \(data\) alice → bob, \d+ B$/),
      expect.stringMatching(/→ OFFER \(media\) alice → carol, \d+ B, queued: carol is not connected yet$/),
    ]));
    expect(run.stderr()).not.toContain('\u001b['); // not a TTY: no colour codes

    run.controller.abort('SIGINT');
    expect(await run.done).toBe(ExitCode.sigint);
    await expect(fetch(`${base}health`)).rejects.toThrow();
    await alice.closed;
  });

  it('--quiet prints the banner but no event lines; SIGTERM exits 143', async () => {
    const run = start(['serve', '--port', '0', '--host', '127.0.0.1', '--quiet']);
    const base = await serving(run);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const alice = await peer(base, 'alice');
    const bob = await peer(base, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    await bob.nextOfType('OFFER');
    // The server writes an event line in the same turn as it sends the OPEN or relays the OFFER, so by the time
    // bob holds the OFFER, the lines of the test above ("+ alice registered", "→ OFFER (data) alice → bob") would
    // be on stderr; --quiet leaves it empty.
    expect(run.stderr()).toBe('');
    run.controller.abort('SIGTERM');
    expect(await run.done).toBe(ExitCode.sigterm);
  });

  it('warns when it listens beyond this machine', async () => {
    const run = start(['serve', '--port', '0', '--host', '0.0.0.0', '--quiet']);
    await serving(run);
    expect(run.stderr()).toMatch(/listening on 0\.0\.0\.0: anyone who can reach this machine/);
    expect(run.stderr().split('\n').filter(Boolean)).toHaveLength(1);
    run.controller.abort('SIGINT');
    await run.done;
  });

  it('--engine stock: the same banner naming the stock server, the same event lines, and ignored --max-* flags said so', async () => {
    const run = start(['serve', '--port', '0', '--host', '127.0.0.1', '--engine', 'stock', '--max-rate', '50']);
    const base = await serving(run);
    expect(run.stdout()).toMatch(/^rtcdemo serve: signaling on http:\/\/127\.0\.0\.1:\d+\/ \(stock peer 1\.0\.2 server, PeerJS path \/, key peerjs\)$/m);
    expect(run.stdout()).toContain(`${base}receiver`);
    expect(run.stderr()).toContain('rtcdemo serve: the stock engine has no such bounds; ignored: --max-rate');
    const alice = await peer(base, 'alice');
    await peer(base, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    await waitFor(() => /→ OFFER \(data\) alice → bob/.test(run.stderr()), 3000, 'the relay line');
    expect(run.stderr()).toMatch(/\+ alice registered from 127\.0\.0\.1 \(1 peer\)/);
    expect((await fetch(`${base}receiver`)).status).toBe(200);
    run.controller.abort('SIGINT');
    expect(await run.done).toBe(ExitCode.sigint);
  });

  it('--allow-origin * warns that any page may use the server, and says so in the banner', async () => {
    const run = start(['serve', '--port', '0', '--host', '127.0.0.1', '--quiet', '--allow-origin', '*']);
    await serving(run);
    expect(run.stdout()).toMatch(/origins +any page \(--allow-origin \*\)/);
    expect(run.stderr()).toContain('rtcdemo serve: --allow-origin *: any web page you visit may use this server');
    run.controller.abort('SIGINT');
    await run.done;
  });

  it('logs why it refused a page from another site', async () => {
    const run = start(['serve', '--port', '0', '--host', '127.0.0.1']);
    const base = await serving(run);
    const res = await fetch(`${base}peerjs/id`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    await waitFor(() => run.stderr().includes('evil'), 2000, 'the refusal line');
    expect(run.stderr()).toMatch(/✗ rejected a client from 127\.0\.0\.1: Origin https:\/\/evil\.example is not allowed: .*--allow-origin https:\/\/evil\.example \(origin-not-allowed\)$/m);
    run.controller.abort('SIGINT');
    await run.done;
  });

  it('exits 3 with one line naming the port when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = start(['serve', '--port', String(port), '--host', '127.0.0.1']);
      expect(await run.done).toBe(ExitCode.environment);
      expect(run.stderr()).toBe(`rtcdemo: port ${port} is already in use on 127.0.0.1: stop the other server, or use another port (--port ${port + 1}, or --port 0 for any free one)\n`);
      expect(run.stdout()).toBe('');
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['--port', '70000'], /--port must be a port number/],
    [['--host', 'a b'], /--host must be a host name/],
    [['--path', '/a b/'], /--path must be a URL path/],
    [['--key', 'k&x'], /--key must be/],
    [['--max-rate', '0'], /--max-rate must be a whole number/],
    [['--max-payload', 'huge'], /--max-payload must be a size/],
    [['--path', '../..'], /--path must be a URL path .*without "\." or "\.\." segments/],
    [['--path', '/a/./b/'], /without "\." or "\.\." segments/],
    [['--path', '//'], /--path must be a URL path/],
    [['--max-burst', '1'], /^rtcdemo: --max-burst 1 is below one connect\(\): PeerJS sends an OFFER and its CANDIDATEs at once .*use at least 20/],
    [['--max-payload', '4k'], /^rtcdemo: --max-payload 4k is below one PeerJS offer: .*~6 KiB.*use at least 16KiB/],
    [['--max-payload', '200MiB'], /--max-payload must be between 1 and 104857600 bytes/],
    [['--max-queued-bytes', '1k'], /--max-queued-bytes 1k cannot hold one PeerJS offer/],
    [['--max-queued-per-peer', '5'], /--max-queued-per-peer 5 cannot hold one connection attempt/],
    [['--max-pending-sockets-per-ip', '2'], /--max-pending-sockets-per-ip 2 is below one browser/],
    [['--alive-timeout', '3s'], /--alive-timeout 3s would drop every PeerJS client: they send a HEARTBEAT every 5 s/],
    [['--allow-origin', 'localhost:8080'], /^rtcdemo: --allow-origin "localhost:8080" is not a web origin/],
    [['--allow-origin', 'http://x.example/app'], /--allow-origin "http:\/\/x\.example\/app" is a URL, not an origin: give only scheme:\/\/host\[:port\], such as http:\/\/x\.example/],
    [['--engine', 'nginx'], /argument 'nginx' is invalid. Allowed choices are rtcdemo, stock/],
    [['--cert', 'cert.pem'], /--cert needs --cert-key/],
    [['--cert', '/nonexistent/cert.pem', '--cert-key', '/nonexistent/key.pem'], /--cert \/nonexistent\/cert\.pem: cannot read it \(ENOENT\)/],
  ])('exits 2 for %j', async (flags, message) => {
    const run = start(['serve', ...flags]);
    expect(await run.done).toBe(ExitCode.usage);
    expect(run.stderr()).toMatch(message);
  });
});

describe('parseServeFlags', () => {
  const defaults = {
    port: '9000', host: 'localhost', path: '/', key: 'peerjs', maxPayload: '16MiB', maxQueuedPerPeer: '1000', maxQueued: '10000',
    maxQueuedBytes: '16MiB', maxRate: '1000', maxConnectionsPerIp: '10000', maxPeers: '20000', maxPendingSocketsPerIp: '256',
    expireTimeout: '5s', aliveTimeout: '60s', allowOrigin: [], engine: 'rtcdemo' as const,
  };

  it('turns the default flags into the documented defaults', () => {
    expect(parseServeFlags(defaults)).toEqual({
      port: 9000, host: 'localhost', path: '/', key: 'peerjs', allowDiscovery: false, https: undefined,
      limits: { ...DEFAULT_LIMITS, maxBufferedBytesPerPeer: undefined },
      expireTimeoutMs: 5000, aliveTimeoutMs: 60_000, allowOrigins: [], engine: 'rtcdemo',
    });
  });

  it('reads --https, --max-rate with and without --max-burst, and bracketed IPv6 hosts', () => {
    expect(parseServeFlags({ ...defaults, https: true }).https).toBe('self-signed');
    expect(parseServeFlags({ ...defaults, maxRate: '50' }).limits.maxBurst).toBe(500);
    expect(parseServeFlags({ ...defaults, maxRate: '50', maxBurst: '60' }).limits.maxBurst).toBe(60);
    expect(parseServeFlags({ ...defaults, host: '[::1]' }).host).toBe('::1');
  });
});
