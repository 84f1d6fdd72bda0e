/**
 * What one large signaling message costs in memory: two `ws` clients register with rtcdemo's server (in this
 * process, --max-payload raised to 100 MiB) and one sends the other an OFFER carrying N MiB of metadata. Prints the
 * peak resident set of the process (server and both clients together). Run after `npm run build`:
 *
 *   node --expose-gc scripts/measure-message-memory.mjs 16
 */
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { startSignalingServer } from '../dist/server/signaling-server.js';

const mib = Number(process.argv[2] ?? 16);
const server = await startSignalingServer({ port: 0, host: '127.0.0.1', limits: { maxPayloadBytes: 100 * 1024 * 1024 } });
const open = async (id) => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/peerjs?key=peerjs&id=${id}&token=t`, { maxPayload: 200 * 1024 * 1024 });
  await once(ws, 'message');
  return ws;
};
const a = await open('a');
const b = await open('b');
globalThis.gc?.();
const before = process.memoryUsage().rss;
const delivered = once(b, 'message');
a.send(JSON.stringify({ type: 'OFFER', dst: 'b', payload: { type: 'data', metadata: 'm'.repeat(mib * 1024 * 1024) } }));
await delivered;
console.log(`${mib} MiB message: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB (before ${Math.round(before / 1048576)} MiB; server and clients in one process)`);
a.terminate();
b.terminate();
await server.close();
