/**
 * Entry point of the lab's signaling server: `ip netns exec <lab>-wan node wan-signaling-main.js <address>`.
 * A process can't open a socket in another network namespace from Node, so the server runs as a child
 * inside the wan namespace (see wan-signaling.ts). It prints one JSON line with its port, then serves until
 * stdin closes (its parent exited, even by SIGKILL) or it gets SIGTERM.
 */
import { SIGNALING_ENGINES, startSignalingServer, type SignalingEngine } from '../../server/signaling-server.js';

const [address, engine = 'rtcdemo'] = process.argv.slice(2);
if (!address || !(SIGNALING_ENGINES as readonly string[]).includes(engine)) {
  process.stderr.write(`usage: wan-signaling-main.js <listen address> [${SIGNALING_ENGINES.join('|')}]\n`);
  process.exit(2);
}
const server = await startSignalingServer({ port: 0, host: address, engine: engine as SignalingEngine });
process.stdout.write(`${JSON.stringify({ port: server.port, path: server.path, key: server.key })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
