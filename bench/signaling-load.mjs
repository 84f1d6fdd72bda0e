/**
 * Comparison 4: rtcdemo's signaling server against the stock `peer` PeerServer under the same load
 * generator (bench/load-generator.mjs), each server in its own child process (bench/reliability/server-child.mjs) so
 * RSS is per server, a fresh process per tier. Per tier: register N clients (registrations/s), relay OFFERs
 * between N/2 pairs (relayed offers/s), and at 1,000 clients flood 20,000 10 KB offers at unknown ids (RSS).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { closeClients, floodUnknown, openClients, relayOffers } from './load-generator.mjs';
import { fdLimit, rssOf } from './machine.mjs';
import { fmt, fmtRatio, num, summarize } from './stats.mjs';
import { importTs } from './import-ts.mjs';

const { startServerProcess } = await importTs('test/support/server-process.ts');

const TIERS = [1000, 10_000];
const SERVERS = [
  { key: 'ours', label: 'rtcdemo serve' },
  { key: 'stock', label: 'stock peer 1.0.2' },
];
const HANDSHAKES_IN_FLIGHT = 200;
const OPEN_TIMEOUT_MS = 60_000;
const RELAY = { window: 2, warmupMs: 500, durationMs: 1500 };
/** Three rounds back to back, each within the stock server's 5 s expire_timeout of the last. */
const FLOOD = { count: 20_000, rounds: 3, sdpBytes: 10 * 1024, timeoutMs: 30_000 };
/** File descriptors beyond the clients themselves: the process's own, listeners, pipes. */
const FD_MARGIN = 256;
const MB = 1024 * 1024;

export const title = 'Signaling server under load: rtcdemo vs the stock PeerServer';

export async function run({ runs, log }) {
  const limit = fdLimit();
  const tiers = TIERS.filter((n) => limit.soft === null || limit.soft >= n + FD_MARGIN);
  const skipped = TIERS.filter((n) => !tiers.includes(n));
  for (const n of skipped) {
    log(`signaling: the open-file limit (ulimit -n) is ${limit.soft}; ${n.toLocaleString('en-US')} clients need about ${(n + FD_MARGIN).toLocaleString('en-US')} in the generator and in each server process. Raise it (ulimit -n ${Math.max(n * 2, 20_000)}, hard limit ${limit.hard}) and rerun; skipping that tier.`);
  }
  const results = {};
  for (const server of SERVERS) for (const n of tiers) results[`${server.key}-${n}`] = [];
  // The generator shares this process: its first thousands of clients run before V8 has optimised it (measured:
  // twice the generator CPU per registration). One unrecorded pass against each server warms it up.
  for (const server of SERVERS) {
    log(`signaling: warm-up, ${server.label}`);
    await runTier(server.key, 2000, { flood: false });
  }
  for (let r = 0; r < runs; r += 1) {
    for (const n of tiers) {
      // Alternate which server goes first, so neither always gets the cooler machine.
      const order = r % 2 === 0 ? SERVERS : [...SERVERS].reverse();
      for (const server of order) {
        log(`signaling: run ${r + 1}/${runs}, ${n.toLocaleString('en-US')} clients, ${server.label}`);
        results[`${server.key}-${n}`].push(await runTier(server.key, n));
      }
    }
  }
  return report(results, tiers, skipped, limit, runs);
}

async function runTier(kind, count, { flood = count === TIERS[0] } = {}) {
  const child = await startServer(kind, count);
  let clients = [];
  try {
    const out = { idleRss: rssOf(child.pid) };
    resetPeak(child.pid);
    const cpu0 = cpuMsOf(child.pid);
    const opened = await openClients({ port: child.port, count, concurrency: HANDSHAKES_IN_FLIGHT, prefix: `load-${kind}`, timeoutMs: OPEN_TIMEOUT_MS });
    clients = opened.clients;
    const cpu1 = cpuMsOf(child.pid);
    Object.assign(out, { registered: clients.length, regPerSecond: opened.perSecond, failures: opened.failures, connectedRss: rssOf(child.pid) });
    out.cpuPerRegUs = clients.length ? ((cpu1 - cpu0) * 1000) / clients.length : null;
    const half = Math.floor(clients.length / 2);
    const pairs = Array.from({ length: half }, (_, i) => [clients[i], clients[half + i]]);
    const relay = await relayOffers({ pairs, ...RELAY });
    out.relayPerSecond = relay.perSecond;
    // Server CPU per offer it took in (warm-up included), a figure that other load on the machine barely moves.
    out.cpuPerRelayUs = relay.sent ? ((cpuMsOf(child.pid) - cpu1) * 1000) / relay.sent : null;
    if (flood) {
      await settle();
      out.beforeFloodRss = rssOf(child.pid);
      resetPeak(child.pid);
      const sampler = sampleRss(child.pid);
      out.floodRss = [];
      for (let round = 0; round < FLOOD.rounds; round += 1) {
        await floodUnknown({ clients, count: FLOOD.count, sdpBytes: FLOOD.sdpBytes, timeoutMs: FLOOD.timeoutMs });
        await settle();
        out.floodRss.push(rssOf(child.pid));
      }
      out.floodPeakRss = Math.max(peakRss(child.pid), sampler.stop());
    }
    out.peakRss = peakRss(child.pid);
    out.stats = await child.request('stats');
    return out;
  } finally {
    await closeClients(clients);
    await child.stop();
  }
}

async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** The server in its own process (test/support/server-process.ts), sized for `maxClients` clients from 127.0.0.1. */
async function startServer(kind, maxClients) {
  const server = await startServerProcess(kind, { maxClients });
  return {
    pid: server.child.pid,
    port: server.port,
    // The stock server has no stats of its own to report here.
    request: async (cmd) => (cmd === 'stats' && kind === 'ours' ? server.stats() : null),
    stop: async () => {
      await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => undefined);
      await server.kill();
    },
  };
}

/** CPU time (user + system) a process has used, in ms; /proc/<pid>/stat counts in clock ticks (100 per second). */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Linux keeps each process's peak RSS (VmHWM); writing 5 to clear_refs restarts it from the current RSS. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Without it the peak covers the whole process life, which only makes it larger.
  }
}

function peakRss(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : rssOf(pid);
  } catch {
    return 0;
  }
}

function sampleRss(pid) {
  let peak = rssOf(pid);
  const timer = setInterval(() => { peak = Math.max(peak, rssOf(pid)); }, 50);
  return { stop: () => { clearInterval(timer); return peak; } };
}

function report(results, tiers, skipped, limit, runs) {
  const s = (key, f) => summarize((results[key] ?? []).map(f));
  const mb = (v) => (v ? v / MB : null);
  const rows = [];
  for (const n of tiers) {
    for (const server of SERVERS) {
      const key = `${server.key}-${n}`;
      const xs = results[key];
      const registered = xs.map((x) => x.registered);
      const failures = xs.flatMap((x) => Object.entries(x.failures ?? {}).map(([why, count]) => `${count} × ${why}`));
      rows.push([
        n.toLocaleString('en-US'),
        server.label,
        `${Math.min(...registered).toLocaleString('en-US')}${failures.length ? ` (${failures.slice(0, 2).join('; ')})` : ''}`,
        fmt(s(key, (x) => x.regPerSecond), '/s', 0),
        fmt(s(key, (x) => x.cpuPerRegUs), 'µs', 0),
        fmt(s(key, (x) => x.relayPerSecond), '/s', 0),
        fmt(s(key, (x) => x.cpuPerRelayUs), 'µs', 1),
        fmt(s(key, (x) => mb(x.idleRss)), 'MB', 0),
        fmt(s(key, (x) => mb(x.connectedRss)), 'MB', 0),
        fmt(s(key, (x) => mb(x.peakRss)), 'MB', 0),
      ]);
    }
  }
  const floodRows = SERVERS.map((server) => {
    const key = `${server.key}-${TIERS[0]}`;
    const after = Array.from({ length: FLOOD.rounds }, (_, i) => fmt(s(key, (x) => mb(x.floodRss?.[i])), 'MB', 0));
    const stats = results[key]?.at(-1)?.stats;
    const held = stats ? `${stats.queuedMessages.toLocaleString('en-US')} msgs / ${num(stats.queuedBytes / MB, 1)} MB queued; ${(stats.errors?.['queue-full'] ?? 0).toLocaleString('en-US')} refused with EXPIRE` : 'everything, until expire_timeout (5 s)';
    return [server.label, fmt(s(key, (x) => mb(x.beforeFloodRss)), 'MB', 0), ...after, fmt(s(key, (x) => mb(x.floodPeakRss)), 'MB', 0), held];
  });

  const median = (key, f) => s(key, f).median;
  const top = tiers.at(-1);
  const ratioAt = (n, f) => {
    const ours = median(`ours-${n}`, f);
    const stock = median(`stock-${n}`, f);
    return ours !== null && stock ? ours / stock : null;
  };
  const regRatios = tiers.map((n) => ratioAt(n, (x) => x.regPerSecond));
  const relayRatios = tiers.map((n) => ratioAt(n, (x) => x.relayPerSecond));
  const oursAll10k = top === 10_000 && (results['ours-10000'] ?? []).every((x) => x.registered === 10_000);
  // Bounded means the later rounds add nothing: RSS after the last round minus after the first.
  const lateGrowth = (x) => (x.floodRss?.length ? (x.floodRss.at(-1) - x.floodRss[0]) / MB : null);
  const growthOurs = median(`ours-${TIERS[0]}`, lateGrowth);
  const growthStock = median(`stock-${TIERS[0]}`, lateGrowth);
  const peakOurs = median(`ours-${TIERS[0]}`, (x) => mb(x.floodPeakRss));
  const peakStock = median(`stock-${TIERS[0]}`, (x) => mb(x.floodPeakRss));
  const rejected = (results[`ours-${top}`] ?? []).map((x) => x.stats?.rejected).filter(Boolean);
  const rateLimited = rejected.reduce((sum, r) => sum + (r['rate-limited'] ?? 0), 0);

  const targets = [
    {
      name: '10,000 concurrent clients on rtcdemo serve',
      measured: top === 10_000 ? `${Math.min(...(results['ours-10000'] ?? []).map((x) => x.registered)).toLocaleString('en-US')} registered (every run)` : 'skipped (fd limit)',
      met: top === 10_000 ? oursAll10k : null,
      why: top === 10_000 ? '' : `ulimit -n is ${limit.soft}`,
    },
    {
      name: 'registrations/s ≥ stock',
      measured: tiers.map((n, i) => `${n.toLocaleString('en-US')}: ${fmtRatio(regRatios[i])}`).join(', '),
      met: regRatios.every((x) => x !== null && x >= 1),
      why: '',
    },
    {
      name: 'relayed offers/s ≥ stock',
      measured: tiers.map((n, i) => `${n.toLocaleString('en-US')}: ${fmtRatio(relayRatios[i])}`).join(', '),
      met: relayRatios.every((x) => x !== null && x >= 1),
      why: '',
    },
    {
      name: `memory bounded under ${FLOOD.rounds} × ${FLOOD.count.toLocaleString('en-US')} offers of ${FLOOD.sdpBytes / 1024} KB to unknown ids`,
      measured: `rounds 2–${FLOOD.rounds} add ${num(growthOurs, 0)} MB (stock ${num(growthStock, 0)} MB); peak ${num(peakOurs, 0)} MB (stock ${num(peakStock, 0)} MB)`,
      met: growthOurs !== null && growthStock !== null && growthOurs < 0.25 * growthStock && peakOurs < peakStock,
      why: '',
    },
  ];
  const cpuRatio = (n, f) => {
    const ours = median(`ours-${n}`, f);
    const stock = median(`stock-${n}`, f);
    return ours !== null && stock ? ours / stock : null;
  };
  const cpuNote = (f, what) =>
    `server CPU per ${what}, ours/stock: ${tiers.map((n) => `${n.toLocaleString('en-US')}: ${fmtRatio(cpuRatio(n, f))}`).join(', ')}; the generator shares the 2 cores with the server, so rates swing with other load (min–max in the table) while CPU per operation does not`;
  targets[1].why = targets[1].met ? '' : cpuNote((x) => x.cpuPerRegUs, 'registration');
  targets[2].why = targets[2].met ? '' : cpuNote((x) => x.cpuPerRelayUs, 'offer');
  return {
    title,
    headline: { tiers, regRatios, relayRatios, growthOurs, growthStock },
    intro: [
      `The same generator (bench/load-generator.mjs: \`ws\` clients speaking the PeerJS protocol on 127.0.0.1, ${HANDSHAKES_IN_FLIGHT} handshakes in flight) drives each server, each in its own child process (a fresh one per tier and run), ${runs} runs after one unrecorded warm-up pass per server, the order of the two servers alternating. Registration: connect → OPEN for every client. Relay: N/2 sender→receiver pairs, ${RELAY.window} OFFERs (~1.6 KB) in flight per pair, closed loop, counted over ${RELAY.durationMs / 1000} s after ${RELAY.warmupMs} ms. Flood (1,000 clients): ${FLOOD.rounds} rounds of ${FLOOD.count.toLocaleString('en-US')} OFFERs of ${FLOOD.sdpBytes / 1024} KB to ids nobody holds, back to back; RSS after each round (once the generator's send buffers are empty, + 300 ms) and the peak. Server CPU per operation: the server process's user + system time (/proc/<pid>/stat) over the phase, divided by the registrations or by the offers sent.`,
      `Bench settings: rtcdemo serve's per-address cap (maxConnectionsPerIp, default 10,000) is raised to the client count + 100 because every client comes from 127.0.0.1; its message rate limit stays at the default. The stock server gets concurrent_limit = client count + 100 (its default is 5,000).`,
    ],
    tables: [
      { title: 'Registration, relay and memory', columns: ['clients', 'server', 'registered', 'registrations', 'server CPU per registration', 'relayed offers', 'server CPU per offer', 'RSS idle', `RSS with clients`, 'peak RSS'], rows },
      {
        title: `Memory under offers of ${FLOOD.sdpBytes / 1024} KB to unknown ids (1,000 clients)`,
        columns: ['server', 'RSS before', ...Array.from({ length: FLOOD.rounds }, (_, i) => `after ${((i + 1) * FLOOD.count).toLocaleString('en-US')}`), 'peak RSS', 'held after the last round'],
        rows: floodRows,
      },
    ],
    targets,
    notes: [
      ...(skipped.length ? [`Skipped tiers ${skipped.join(', ')}: the open-file limit (ulimit -n) is ${limit.soft}; raise it and rerun.`] : []),
      ...(rateLimited ? [`rtcdemo serve rate-limited ${rateLimited} clients during the ${top.toLocaleString('en-US')}-client runs.`] : []),
    ],
  };
}
