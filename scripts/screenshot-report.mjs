#!/usr/bin/env node
// Takes the README's screenshot of an HTML report from a real run: `rtcdemo call-test --report` into a
// temporary folder (or the report file given), opened offline in Chromium, captured whole.
// Usage: npm run build && node scripts/screenshot-report.mjs [report.html] [out.png]
//   default out: docs/img/report.png; extra call-test flags via REPORT_ARGS="--duration 5".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findBrowser } from '../dist/core/browser/find-browser.js';
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[3] ?? path.join(root, 'docs', 'img', 'report.png');
let report = process.argv[2];
const temp = report ? null : mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-report-'));
try {
  if (!report) {
    report = path.join(temp, 'report.html');
    const args = (process.env.REPORT_ARGS ?? '--duration 5').split(' ').filter(Boolean);
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'rtcdemo.js'), 'call-test', ...args, '--report', report], { stdio: ['ignore', 'inherit', 'inherit'] });
    // Exit 1 is a failed check: its report is still worth a picture. Anything else wrote no report.
    if (run.status !== 0 && run.status !== 1) throw new Error(`call-test exited with ${run.status ?? run.signal}`);
  }
  const browser = await launchAgentBrowser({ executablePath: findBrowser(undefined) });
  try {
    const page = await browser.browser.newPage();
    await page.setOfflineMode(true);
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    await page.waitForFunction('Array.isArray(window.rtcdemoCharts)');
    await page.screenshot({ path: out, fullPage: true });
    console.log(out);
  } finally {
    await browser.close();
  }
} finally {
  if (temp) rmSync(temp, { recursive: true, force: true });
}
