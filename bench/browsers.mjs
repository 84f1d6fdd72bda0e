/**
 * Comparison: the cold call test for every ordered browser pair (sender → receiver), each side in its own
 * browser process (`call-test --sender-browser S --receiver-browser R --duration 1 --json`), timed from spawn
 * to exit. Its data check gives the data-channel figures per pair: 100 acknowledged 64-byte messages on a
 * reliable PeerJS connection (round trip p50/p95) and a 4 MiB bulk transfer (MB/s), so Chromium↔Firefox sits
 * beside Chromium↔Chromium. Pairs run in turn within each round, so drift on a shared machine hits all alike.
 */
import { fileURLToPath } from 'node:url';
import { timeCommand } from './machine.mjs';
import { fmt, summarize } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PAIRS = [
  ['chromium', 'chromium'],
  ['chromium', 'firefox'],
  ['firefox', 'chromium'],
  ['firefox', 'firefox'],
];
const args = (sender, receiver) => ['bin/rtcdemo.js', 'call-test', '--sender-browser', sender, '--receiver-browser', receiver, '--duration', '1', '--json'];

export const title = 'Browser pairs: cold call-test and the data channel, Chromium and Firefox';

export async function run({ runs, log }) {
  const { resolveBrowser } = await import('../dist/core/browser/resolve-browser.js');
  try {
    resolveBrowser('firefox');
  } catch (error) {
    return { title, intro: [`Skipped: ${error.message}`], tables: [], targets: [], notes: [] };
  }
  const results = new Map(PAIRS.map(([s, r]) => [`${s} → ${r}`, []]));
  // One unrecorded round first: the first start of each browser after a build pays for a cold disk cache.
  for (let round = -1; round < runs; round += 1) {
    for (const [sender, receiver] of PAIRS) {
      log(`browsers: ${round < 0 ? 'warm-up' : `run ${round + 1}/${runs}`} ${sender} → ${receiver}`);
      const result = await timeCommand(process.execPath, args(sender, receiver), { timeoutMs: 180_000, cwd: root });
      if (round >= 0) results.get(`${sender} → ${receiver}`).push(parse(result));
    }
  }
  const rows = [...results].map(([pair, rs]) => {
    const s = (pick) => summarize(rs.map((r) => (r.report ? pick(r.report) : null)));
    return [
      pair,
      `${rs.filter((r) => r.report?.verdict === 'pass').length} of ${rs.length}`,
      fmt(summarize(rs.map((r) => r.wallMs)), 'ms', 0),
      fmt(s((r) => r.harness.browserLaunchMs), 'ms', 0),
      fmt(s((r) => r.metrics.video.firstFrameMs), 'ms', 0),
      fmt(s((r) => r.metrics.data.rtt.p50), 'ms', 1),
      fmt(s((r) => r.metrics.data.rtt.p95), 'ms', 1),
      fmt(s((r) => r.metrics.data.bulk.throughputMBps), 'MB/s', 1),
      fmt(s((r) => r.metrics.video.toReceiver.fps), 'fps', 1),
      fmt(s((r) => r.metrics.video.toSender.fps), 'fps', 1),
    ];
  });
  return {
    title,
    intro: [
      `\`node ${args('<sender>', '<receiver>').join(' ')}\` for each ordered pair, ${runs} rounds after one unrecorded warm-up round; each run is a fresh process with two fresh browsers. Launch is both browsers starting at once (the slower one counts).`,
    ],
    tables: [
      {
        columns: ['sender → receiver', 'passed', 'wall time', 'browsers launched', 'call → first frame', 'data RTT p50', 'data RTT p95', 'bulk 4 MiB', 'fps →', 'fps ←'],
        rows,
      },
    ],
    targets: [],
    notes: [
      'fps → is the sender\'s fake camera decoded at the receiver, fps ← the other way. Firefox\'s fake camera is 320×240 at 30 fps, Chromium\'s 640×480 (its frame rate under load is the decoder\'s and the encoder\'s CPU share).',
    ],
  };
}

function parse(result) {
  try {
    return { wallMs: result.wallMs, report: JSON.parse(result.stdout) };
  } catch {
    return { wallMs: null, report: null, error: result.stderr.trim().split('\n').at(-1) };
  }
}
