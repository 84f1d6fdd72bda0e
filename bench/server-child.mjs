/**
 * One signaling server in its own process, so its RSS is its own: `ours` (rtcdemo's, from dist/) or
 * `stock` (the `peer` package's PeerServer). Listens on 127.0.0.1 at a port the OS picks, tells the parent
 * the port over IPC, answers { cmd: 'stats' }, and exits on { cmd: 'stop' } or when the parent goes away.
 *
 * usage (by fork): node bench/server-child.mjs ours|stock <max clients>
 */
const [kind, maxClientsArg] = process.argv.slice(2);
const maxClients = Number(maxClientsArg);

let stats = () => null;
let close = async () => undefined;

if (kind === 'ours') {
  const { startSignalingServer } = await import('../dist/server/signaling-server.js');
  // Bench settings: every client comes from 127.0.0.1, so the per-address cap must admit them all.
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    limits: { maxConnectionsPerIp: maxClients + 100, maxPeers: Math.max(20_000, maxClients + 100) },
  });
  stats = () => server.stats();
  close = () => server.close();
  process.send({ ready: true, port: server.port, limits: server.limits });
} else if (kind === 'stock') {
  const { PeerServer } = await import('peer');
  const http = await new Promise((resolve) => {
    // Its default concurrent_limit is 5,000 clients.
    PeerServer({ port: 0, host: '127.0.0.1', path: '/', concurrent_limit: maxClients + 100 }, resolve);
  });
  // Its timers are never stopped and its sockets not tracked: ending the process is the only clean close.
  close = async () => undefined;
  process.send({ ready: true, port: http.address().port, limits: { concurrent_limit: maxClients + 100 } });
} else {
  console.error(`usage: server-child.mjs ours|stock <max clients>, got ${kind}`);
  process.exit(2);
}

process.on('message', async (message) => {
  if (message?.cmd === 'stats') process.send({ stats: stats() });
  if (message?.cmd === 'stop') {
    await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
