#!/usr/bin/env node
/**
 * How fast each kind of departure is noticed, over several trials, with the real CLI and real Chromium (build
 * first). The tests in test/e2e/faults.test.ts check what is reported; this measures how soon.
 *
 *   node bench/reliability/fault-timings.mjs                      # 5 hang-ups, 3 crashes, 2 restarts of each server
 *   node bench/reliability/fault-timings.mjs hangup 10            # one scenario, 10 trials
 *   node bench/reliability/fault-timings.mjs restart 3 stock      # the restart against the stock `peer` server only
 *
 * hangup   `rtcdemo receive` + `rtcdemo call`; SIGINT to call once video flows; until receive prints
 *          "call with … ended (hung up: …)"
 * page     the tutorial's /sender page (rtcdemo serve's demo pages) calls `rtcdemo receive`; the page is closed
 * crash    as hangup, but the caller's Chromium is SIGKILLed; until receive prints "ended (lost …)"
 * restart  the signaling server (in its own process: ours or stock) is killed mid-call and started again on the same
 *          port after 2 s; the lowest fps the caller saw meanwhile, and when receive printed "reconnected"
 *
 * Every CLI child gets its own TMPDIR, removed afterwards; each line is one trial as JSON, then a summary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from '../import-ts.mjs';

const { startServerProcess } = await importTs('test/support/server-process.ts');

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(root, 'bin/rtcdemo.js');

function cli(args) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-bench-'));
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { child, tmp, out: '', err: '', waiters: new Set() };
  const wake = () => run.waiters.forEach((w) => w());
  child.stdout.on('data', (c) => { run.out += c; wake(); });
  child.stderr.on('data', (c) => { run.err += c; wake(); });
  run.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  /** Resolves with performance.now() when stderr after `from` matches. */
  run.waitFor = (pattern, from = 0, timeoutMs = 30_000) => new Promise((resolve, reject) => {
    const check = () => {
      const match = run.err.slice(from).match(pattern);
      if (!match) return;
      run.waiters.delete(check);
      clearTimeout(timer);
      resolve({ match, at: performance.now() });
    };
    const timer = setTimeout(() => { run.waiters.delete(check); reject(new Error(`timed out waiting for ${pattern}:\n${run.err.slice(from)}`)); }, timeoutMs);
    run.waiters.add(check);
    check();
  });
  run.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await run.exited;
    rmSync(tmp, { recursive: true, force: true });
  };
  return run;
}

function browserOf(pid) {
  for (const p of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes('--user-data-dir=') && !cmd.includes('--type=')) return Number(p);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const FIRST_SECOND = /^\S+\s+1 s\s+[\d.]+ fps/m;

async function receiverOn(url) {
  const receiver = cli(['receive', '--server', url]);
  await receiver.waitFor(/registered as "receiver"/);
  return receiver;
}

async function hangupTrial(kind) {
  const server = await startServerProcess('ours');
  const receiver = await receiverOn(server.url);
  const call = cli(['call', '--to', 'receiver', '--duration', '60', '--server', server.url]);
  try {
    await call.waitFor(FIRST_SECOND);
    const id = call.err.match(/peer open as "([^"]+)"/)[1];
    const from = receiver.err.length;
    const t0 = performance.now();
    let browserExitMs = null;
    if (kind === 'crash') {
      process.kill(browserOf(call.child.pid), 'SIGKILL');
      void call.exited.then(() => { browserExitMs = performance.now() - t0; });
    } else {
      call.child.kill('SIGINT');
    }
    const { match, at } = await receiver.waitFor(new RegExp(`call with ${id} ended \\((.*)\\)$`, 'm'), from);
    await call.exited;
    return { scenario: kind, detectMs: Math.round(at - t0), how: match[1], ...(kind === 'crash' ? { callExitMs: Math.round(browserExitMs ?? performance.now() - t0) } : {}) };
  } finally {
    await call.stop();
    await receiver.stop();
    await server.kill();
  }
}

async function pageTrial() {
  const { startSignalingServer } = await import('../../dist/server/signaling-server.js');
  const { handleDemoPageRequest } = await import('../../dist/server/demo-pages.js');
  const { launchAgentBrowser } = await import('../../dist/core/browser/launch-browser.js');
  const { findBrowser } = await import('../../dist/core/browser/find-browser.js');
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', pages: handleDemoPageRequest });
  const browser = await launchAgentBrowser({ executablePath: findBrowser(process.env.CHROME_PATH) });
  const receiver = await receiverOn(server.url);
  try {
    const page = await browser.browser.newPage();
    await page.goto(`${server.url}sender`);
    await receiver.waitFor(/first video frame from sender decoded/);
    const from = receiver.err.length;
    const t0 = performance.now();
    await page.close();
    const { match, at } = await receiver.waitFor(/call with sender ended \((.*)\)$/m, from);
    return { scenario: 'page', detectMs: Math.round(at - t0), how: match[1] };
  } finally {
    await receiver.stop();
    await browser.close();
    await server.close();
  }
}

async function restartTrial(kind) {
  let server = await startServerProcess(kind);
  const { port, url } = server;
  const receiver = await receiverOn(url);
  const call = cli(['call', '--to', 'receiver', '--duration', '10', '--server', url]);
  try {
    await call.waitFor(FIRST_SECOND);
    const fromReceiver = receiver.err.length;
    const fromCall = call.err.length;
    await server.kill(); // the server process dies: no close frames, no goodbye
    const stoppedAt = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    server = await startServerProcess(kind, { port });
    const restartedAt = performance.now();
    const { at } = await receiver.waitFor(/reconnected to the signaling server/, fromReceiver);
    await call.exited;
    const fps = [...call.err.slice(fromCall).matchAll(/^\S+\s+\d+ s\s+([\d.]+) fps/gm)].map((m) => Number(m[1]));
    return {
      scenario: 'restart',
      server: kind,
      reconnectAfterRestartMs: Math.round(at - restartedAt),
      reconnectAfterStopMs: Math.round(at - stoppedAt),
      secondsAfterStop: fps.length,
      lowestFpsAfterStop: Math.min(...fps),
      lostLines: (receiver.err.slice(fromReceiver).match(/lost the signaling server/g) ?? []).length,
    };
  } finally {
    await call.stop();
    await receiver.stop();
    await server.kill();
  }
}

const [only, trialsArg, serverArg] = process.argv.slice(2);
const plan = [
  ['hangup', 5, () => hangupTrial('hangup')],
  ['page', 5, () => pageTrial()],
  ['crash', 3, () => hangupTrial('crash')],
  ['restart', 2, () => restartTrial('ours'), 'ours'],
  ['restart', 2, () => restartTrial('stock'), 'stock'],
];
const summary = {};
for (const [scenario, defaultTrials, trial, server] of plan) {
  if (only && only !== scenario) continue;
  if (serverArg && server && serverArg !== server) continue;
  const trials = Number(trialsArg ?? defaultTrials);
  for (let i = 0; i < trials; i++) {
    const result = await trial();
    console.log(JSON.stringify(result));
    const key = server ? `${scenario} (${server})` : scenario;
    (summary[key] ??= []).push(result.detectMs ?? result.reconnectAfterRestartMs);
  }
}
for (const [key, values] of Object.entries(summary)) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(`${key}: n=${sorted.length} median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms`);
}
