/**
 * Comparison: browsers elsewhere (`--connect`). (1) What it costs to get a browser: a local launch vs a
 * W3C WebDriver session (POST /session with the fake-media flags, BiDi connect; closing = DELETE) vs a
 * DevTools connect to a running Chromium (connect + a browser context of our own), in-process, each opened
 * and closed in turn. (2) call-test --pairs N with one local browser vs two namespace browsers (receivers over
 * WebDriver, senders over DevTools): pairs at ≥ 15 fps, lowest fps, wall time. The namespace hosts run on the
 * same cores, so (2) shows correctness and per-pair overhead, not more capacity. Needs root (test/support/remote-hosts.ts).
 *
 *   node bench/run.mjs --only remote [--runs N]      or      node bench/remote.mjs [--runs N]  (Markdown on stdout)
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './machine.mjs';
import { fmt, renderMarkdown, summarize } from './stats.mjs';
import { importTs } from './import-ts.mjs';

const { createTestHosts, freePort, remoteHostsUnavailableReason, startChromedriver, startDevtoolsChromium } = await importTs('test/support/remote-hosts.ts');

const root = fileURLToPath(new URL('..', import.meta.url));
const PAIRS = [2, 4, 6];
const FPS_FLOOR = 15;

export const title = 'Remote browsers: WebDriver and DevTools sessions, pairs across two namespace hosts';

export async function run({ runs, log }) {
  const unavailable = remoteHostsUnavailableReason();
  if (unavailable) {
    return { title, intro: [`Skipped: ${unavailable}`], tables: [], targets: [{ name: 'remote browsers', measured: 'skipped', met: null, why: unavailable }], notes: [] };
  }
  const { findBrowser } = await import('../dist/core/browser/find-browser.js');
  const { launchAgentBrowser } = await import('../dist/core/browser/launch-browser.js');
  const { connectAgentBrowser } = await import('../dist/core/browser/connect-browser.js');
  const { parseBrowserEndpoint } = await import('../dist/core/browser/browser-endpoint.js');
  const loadBefore = os.loadavg()[0];
  const hosts = createTestHosts();
  const owned = [];
  try {
    const listen = `${hosts.serverAddress}:${await freePort(hosts.serverAddress)}`;
    const webdriver = await startChromedriver(hosts.namespaces[1], hosts.webdriverAddress, hosts.serverAddress);
    owned.push(webdriver);
    const devtools = await startDevtoolsChromium(hosts.namespaces[0], hosts.cdpAddress, `http://${listen}`);
    owned.push(devtools);

    const kinds = {
      'local launch (puppeteer.launch, pipe)': () => launchAgentBrowser({ executablePath: findBrowser(undefined) }),
      'WebDriver session (chromedriver in a namespace: POST /session + BiDi)': () => connectAgentBrowser(parseBrowserEndpoint('--connect', `webdriver+${webdriver.endpoint}`)),
      'DevTools connect (running Chromium in a namespace + browser context)': () => connectAgentBrowser(parseBrowserEndpoint('--connect', devtools.endpoint)),
    };
    const setup = Object.fromEntries(Object.keys(kinds).map((k) => [k, { open: [], close: [] }]));
    for (let r = 0; r < runs; r += 1) {
      for (const [label, open] of Object.entries(kinds)) {
        log(`remote: set-up run ${r + 1}/${runs}: ${label}`);
        const t0 = performance.now();
        const browser = await open();
        const t1 = performance.now();
        await browser.close();
        setup[label].open.push(t1 - t0);
        setup[label].close.push(performance.now() - t1);
      }
    }

    const layouts = {
      'one local browser': [],
      'two namespace browsers (receivers WebDriver, senders DevTools)': ['--listen', listen, '--connect', `webdriver+${webdriver.endpoint}`, '--connect', devtools.endpoint],
    };
    const pairs = {};
    for (let r = 0; r < runs; r += 1) {
      for (const n of PAIRS) {
        for (const [label, extra] of Object.entries(layouts)) {
          log(`remote: pairs run ${r + 1}/${runs}: --pairs ${n}, ${label}`);
          const args = ['bin/rtcdemo.js', 'call-test', '--pairs', String(n), '--duration', '3', '--bulk', '0', '--json', ...extra];
          const result = await timeCommand(process.execPath, args, { cwd: root, timeoutMs: 240_000 });
          (pairs[`${n}|${label}`] ??= []).push(parsePairs(result));
        }
      }
    }
    return report(setup, pairs, layouts, runs, loadBefore);
  } finally {
    for (const p of owned.reverse()) await p.kill();
    hosts.remove();
  }
}

function parsePairs(result) {
  try {
    const report = JSON.parse(result.stdout);
    const fps = report.pairs.map((p) => p.metrics.video.fps);
    return { wallMs: result.wallMs, fps, atFloor: fps.filter((f) => f !== null && f >= FPS_FLOOR).length, total: report.pairs.length };
  } catch {
    return { wallMs: null, fps: [], atFloor: 0, total: 0, error: (result.stderr.trim().split('\n')[0] ?? '').slice(0, 120) };
  }
}

function report(setup, pairs, layouts, runs, loadBefore) {
  const setupRows = Object.entries(setup).map(([label, x]) => [label, fmt(summarize(x.open), 'ms', 0), fmt(summarize(x.close), 'ms', 0)]);
  const pairRows = [];
  for (const n of PAIRS) {
    for (const label of Object.keys(layouts)) {
      const xs = pairs[`${n}|${label}`] ?? [];
      const fps = xs.flatMap((x) => x.fps);
      const lowest = fps.filter((f) => f !== null);
      pairRows.push([
        String(n),
        label,
        `${xs.reduce((s, x) => s + x.atFloor, 0)} of ${runs * n}`,
        lowest.length ? `${Math.min(...lowest).toFixed(1)} fps` : '–',
        fmt(summarize(fps), 'fps', 1),
        fmt(summarize(xs.map((x) => x.wallMs)), 'ms', 0),
      ]);
    }
  }
  return {
    title,
    intro: [
      `Set-up: each kind opened and closed in turn in one process, ${runs} runs. Closing a WebDriver session includes its DELETE (chromedriver quits that Chromium); closing a DevTools connection closes our browser context and disconnects, leaving the browser running.`,
      `Pairs: \`node bin/rtcdemo.js call-test --pairs N --duration 3 --bulk 0 --json\` alone and with \`--listen <bridge> --connect webdriver+http://<ns B>:4444 --connect ws://<ns A>/devtools/browser/…\`, ${runs} run(s) per cell. The namespace browsers share this machine's cores with everything else, so this measures correctness and overhead per pair, not added capacity.`,
      `1-minute load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, on ${os.availableParallelism()} cores shared with other engineers' runs: absolute figures are noisy, compare rows.`,
    ],
    tables: [
      { title: 'Getting a browser', columns: ['kind', 'open', 'close'], rows: setupRows },
      { title: `Pairs at ≥ ${FPS_FLOOR} fps (fps = the lower of a pair's two directions)`, columns: ['pairs', 'browsers', `pairs ≥ ${FPS_FLOOR} fps`, 'lowest fps', 'fps (median, range)', 'wall time'], rows: pairRows },
    ],
    targets: [],
    notes: [],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 1;
  const section = await run({ runs, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${renderMarkdown(section)}\n`);
}
