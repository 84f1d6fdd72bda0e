#!/usr/bin/env node
/**
 * Memory of a signaling server under floods, ours against the stock `peer` server, each alone in a child process
 * (server-child.mjs) so that only the server's own memory is counted. Build first (`npm run build`).
 *
 *   node bench/reliability/flood-memory.mjs                    # every flood, ours and stock
 *   node bench/reliability/flood-memory.mjs offers ours        # one flood, one server
 *   node bench/reliability/flood-memory.mjs offers --offers 50000
 *
 * Floods: offers (20,000 OFFERs of 4 KiB to ids that never connect), churn (5,000 connect/register/disconnect),
 * collisions (2,000 registrations racing for 20 ids), oversize (200 frames of 1 MiB). Each runs on a fresh
 * server. Figures: RSS and heap (after two GCs) before and after, peak RSS during, and the server's own counts.
 */
import { importTs } from '../import-ts.mjs';

const { startServerProcess, toMiB } = await importTs('test/support/server-process.ts');
const { connectionChurn, idCollisionStorm, offerFlood, oversizeFrames } = await importTs('test/support/floods.ts');

const offersIndex = process.argv.indexOf('--offers');
const OFFERS = offersIndex > 0 ? Number(process.argv[offersIndex + 1]) : 20_000;
const FLOODS = {
  offers: (port) => offerFlood(port, { offers: OFFERS, payloadBytes: 4096 }),
  churn: (port) => connectionChurn(port, { cycles: 5000 }),
  collisions: (port) => idCollisionStorm(port, { attempts: 2000, ids: 20 }),
  oversize: (port) => oversizeFrames(port, { frames: 200, bytes: 1024 * 1024 }),
};

const args = process.argv.slice(2);
const floods = args.filter((a) => a in FLOODS);
const kinds = args.filter((a) => a === 'ours' || a === 'stock');

for (const flood of floods.length ? floods : Object.keys(FLOODS)) {
  for (const kind of kinds.length ? kinds : ['ours', 'stock']) {
    const server = await startServerProcess(kind);
    try {
      // A few connections first, so the baseline includes what any first client allocates (ws, buffers, JIT).
      await connectionChurn(server.port, { cycles: 50, concurrency: 5 });
      const before = await server.memory();
      const result = await FLOODS[flood](server.port);
      const stats = await server.stats();
      const after = await server.memory();
      const row = {
        flood: flood === 'offers' ? `offers (${OFFERS})` : flood,
        server: kind,
        'rss before MiB': toMiB(before.rss),
        'peak rss MiB': toMiB(after.maxRss),
        'peak growth MiB': toMiB(after.maxRss - before.rss),
        'rss after MiB': toMiB(after.rss),
        'heap before MiB': toMiB(before.heapUsed),
        'heap after MiB': toMiB(after.heapUsed),
        'took ms': Math.round(result.ms),
      };
      console.log(JSON.stringify({ ...row, result: { ...result, holders: undefined }, stats: summarizeStats(stats) }));
    } finally {
      await server.kill();
    }
  }
}

function summarizeStats(stats) {
  if (!('peers' in stats)) return stats;
  return { peers: stats.peers, connections: stats.connections, queuedMessages: stats.queuedMessages, queuedBytes: stats.queuedBytes, rejected: stats.rejected, errors: stats.errors };
}
