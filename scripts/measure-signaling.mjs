/**
 * Measures what real PeerJS 1.5.5 pages in real Chromium send to a signaling server, to size the server's
 * limits from facts: how many frames one page sends when it opens N data connections at once (with STUN and
 * TURN candidates from a coturn on 127.0.0.1), the burst a token bucket must allow for that, and how big a
 * real offer with its candidates is. Run after `npm run build`:
 *
 *   node scripts/measure-signaling.mjs [connections=100]
 *
 * Everything stays on this machine: the server and coturn listen on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { startSignalingServer } from '../dist/server/signaling-server.js';
import { handleDemoPageRequest } from '../dist/server/demo-pages.js';
import { findBrowser } from '../dist/core/browser/find-browser.js';
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';

const CONNECTIONS = Number(process.argv[2] ?? 100);

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startTurn() {
  const port = await freePort();
  const child = spawn('turnserver', ['-n', '--no-cli', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--lt-cred-mech', '--user=rtc:demo', '--realm=rtcdemo', '--no-tls', '--no-dtls', '--allow-loopback-peers',
    '--min-port=50000', '--max-port=50100', '--log-file=stdout', '--simple-log'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { port, close: () => child.kill('SIGTERM') };
}

/** The smallest bucket size that admits `times` at `rate` tokens/s (max over windows of count − rate × span). */
function burstNeeded(times, rate) {
  let need = 0;
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) need = Math.max(need, j - i + 1 - (rate * (times[j] - times[i])) / 1000);
  }
  return Math.ceil(need);
}

const turn = await startTurn();
const server = await startSignalingServer({
  port: 0, host: '127.0.0.1', pages: handleDemoPageRequest,
  limits: { maxMessagesPerSecond: 1_000_000, maxBurst: 10_000_000, maxPayloadBytes: 64 * 1024 * 1024, maxQueuedPerPeer: 100_000 },
});
const frames = new Map(); // peer id → [{ at, type, bytes }]
server.events.on('relay', (e) => {
  if (e.origin !== 'peer' || e.delivery === 'from-queue') return;
  if (!frames.has(e.from)) frames.set(e.from, []);
  frames.get(e.from).push({ at: performance.now(), type: e.type, bytes: e.bytes, connection: e.connection });
});
const browser = await launchAgentBrowser({ executablePath: findBrowser(undefined) });
try {
  const base = `http://127.0.0.1:${server.port}`;
  const iceServers = [{ urls: `stun:127.0.0.1:${turn.port}` }, { urls: [`turn:127.0.0.1:${turn.port}?transport=udp`, `turn:127.0.0.1:${turn.port}?transport=tcp`], username: 'rtc', credential: 'demo' }];
  const open = async () => {
    const page = await browser.browser.newPage();
    await page.goto(`${base}/`);
    await page.addScriptTag({ url: `${base}/peerjs.min.js` });
    return page;
  };
  const opts = { host: '127.0.0.1', port: server.port, path: '/', config: { iceServers } };
  const rx = await open();
  await rx.evaluate((o) => new Promise((resolve, reject) => {
    const peer = new globalThis.Peer('rx', o);
    globalThis.opened = 0;
    peer.on('connection', (c) => c.on('open', () => { globalThis.opened += 1; }));
    peer.on('open', resolve);
    peer.on('error', (e) => reject(new Error(String(e))));
  }), opts);
  const tx = await open();
  const started = performance.now();
  const result = await tx.evaluate((o, n) => new Promise((resolve) => {
    const peer = new globalThis.Peer('tx', o);
    let open = 0;
    let errors = 0;
    peer.on('error', () => { errors += 1; });
    peer.on('open', () => {
      for (let i = 0; i < n; i++) {
        const conn = peer.connect('rx', { reliable: true });
        conn.on('open', () => { open += 1; if (open === n) resolve({ open, errors }); });
      }
    });
    setTimeout(() => resolve({ open, errors }), 30_000);
  }), opts, CONNECTIONS);
  const elapsed = performance.now() - started;
  // Let trailing candidates arrive.
  await new Promise((resolve) => setTimeout(resolve, 2000));

  console.log(`${result.open}/${CONNECTIONS} data connections open in ${Math.round(elapsed)} ms (errors ${result.errors})`);
  for (const [id, list] of frames) {
    const times = list.map((f) => f.at);
    const byType = {};
    for (const f of list) byType[f.type] = (byType[f.type] ?? 0) + 1;
    const span = times.at(-1) - times[0];
    console.log(`${id}: ${list.length} frames in ${Math.round(span)} ms ${JSON.stringify(byType)}; ` +
      [100, 200, 1000, 2000].map((rate) => `burst needed at ${rate}/s: ${burstNeeded(times, rate)}`).join(', '));
  }

  // One media call with audio, video and a data connection: the offer and each candidate, in bytes.
  const calls = new Map();
  frames.clear();
  await rx.evaluate(() => {
    globalThis.peerCalls = 0;
  });
  const call = await tx.evaluate(async (o) => {
    const peer = new globalThis.Peer('caller', o);
    await new Promise((resolve) => peer.on('open', resolve));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    peer.call('rx', stream);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return true;
  }, opts);
  for (const [id, list] of frames) calls.set(id, list);
  const callerFrames = calls.get('caller') ?? [];
  const offer = callerFrames.find((f) => f.type === 'OFFER');
  const candidates = callerFrames.filter((f) => f.type === 'CANDIDATE');
  console.log(`media call (audio+video): OFFER ${offer?.bytes} B, ${candidates.length} CANDIDATEs totalling ${candidates.reduce((a, f) => a + f.bytes, 0)} B, largest ${Math.max(0, ...candidates.map((f) => f.bytes))} B (${call})`);
} finally {
  await browser.close();
  await server.close();
  turn.close();
}
