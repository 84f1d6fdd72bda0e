/**
 * A signaling server alone in its own process, so that its memory can be read without the load generator's
 * (or vitest's) heap in the figure. Run it with fork() (an IPC channel) and --expose-gc:
 *
 *   fork('bench/reliability/server-child.mjs', ['ours'], { execArgv: ['--expose-gc'] })
 *
 * `ours` is rtcdemo's server from the build (dist/server/signaling-server.js, run `npm run build` first) with
 * its defaults, on 127.0.0.1 and a port the OS picks; `stock` is the `peer` 1.0.2 PeerServer (a devDependency)
 * with its defaults, and an 'error' listener so that a malformed frame does not end the process (see
 * stock-malformed.mjs for what happens without one). `--port N` asks for that port; `--max-clients N` raises
 * the limits so that N clients from one address fit (ours: per-address and total peer caps; stock:
 * concurrent_limit), for load benches where every client comes from 127.0.0.1.
 *
 * The one server harness of the benches and tests: bench/signaling-load.mjs, bench/reliability/*.mjs and
 * test/server/floods.test.ts all start servers through test/support/server-process.ts.
 *
 * Messages in: {cmd: 'memory'} → {memory}, {cmd: 'stats'} → {stats} (ours only; stock has none),
 * {cmd: 'close'} → {closed: true}. Out first: {ready: {port, kind}}. The process exits when its parent goes.
 */
import process from 'node:process';

const kind = process.argv[2] ?? 'ours';
const portIndex = process.argv.indexOf('--port');
const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 0;
const maxClientsIndex = process.argv.indexOf('--max-clients');
const maxClients = maxClientsIndex > 0 ? Number(process.argv[maxClientsIndex + 1]) : null;
if (!process.send) {
  process.stderr.write('server-child.mjs: run me with fork() (I answer over IPC)\n');
  process.exit(2);
}

/** After two full collections: what is really held, not garbage waiting for the next GC. */
function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    // Peak resident set since the process started (getrusage ru_maxrss, KiB on Linux).
    maxRss: process.resourceUsage().maxRSS * 1024,
    gcExposed: typeof globalThis.gc === 'function',
  };
}

let server;
if (kind === 'ours') {
  const { startSignalingServer } = await import('../../dist/server/signaling-server.js');
  // The oversize flood sends 1 MiB frames; the payload bound is set below them (the default, 16 MiB, leaves room
  // for PeerJS metadata) so that flood still measures what a refused frame costs.
  const clients = maxClients === null ? {} : { maxConnectionsPerIp: maxClients + 100, maxPeers: Math.max(20_000, maxClients + 100) };
  const ours = await startSignalingServer({ port, host: '127.0.0.1', limits: { maxPayloadBytes: 64 * 1024, ...clients } });
  server = { port: ours.port, stats: () => ours.stats(), close: () => ours.close() };
} else if (kind === 'stock') {
  const { PeerServer } = await import('peer');
  const { http, peerjs } = await new Promise((resolve) => {
    // Its default concurrent_limit is 5,000 clients.
    const limits = maxClients === null ? {} : { concurrent_limit: maxClients + 100 };
    const app = PeerServer({ port, host: '127.0.0.1', ...limits }, (httpServer) => resolve({ http: httpServer, peerjs: app }));
  });
  const errors = { count: 0 };
  peerjs.on('error', () => { errors.count += 1; });
  server = {
    port: http.address().port,
    stats: () => ({ stockErrors: errors.count }),
    // The stock server has no close(): this closes its HTTP listener and sockets; its timers stay (see exit-after-close.mjs).
    close: () => new Promise((resolve) => { http.closeAllConnections?.(); http.close(() => resolve()); }),
  };
} else {
  process.stderr.write(`server-child.mjs: unknown server "${kind}" (ours or stock)\n`);
  process.exit(2);
}

process.on('message', async (message) => {
  if (message?.cmd === 'memory') process.send({ memory: memory() });
  else if (message?.cmd === 'stats') process.send({ stats: server.stats() });
  else if (message?.cmd === 'close') {
    await server.close();
    process.send({ closed: true });
  }
});
// The parent owns this process: when it goes (or closes the channel), so do we.
process.on('disconnect', () => process.exit(0));
process.send({ ready: { port: server.port, kind } });
