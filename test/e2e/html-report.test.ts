/**
 * End to end: a real `call-test --report` (real server, real Chromium, real WebRTC), then the report file
 * opened in real Chromium with the network off, checked from inside the page as a reader would see it;
 * and `call --report` against the tutorial's own receiver page.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { AgentBrowser } from '../../src/core/browser/launch-browser.js';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { launchTestBrowser, openTutorialPage, runRtcdemoToEnd, useDemoServerAndBrowser, waitUntil } from './support.js';

// The tutorial's receiver page keeps its Peer in a global.
declare const peer: { open: boolean } | undefined;

let dir: string;
let browser: AgentBrowser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-report-test-'));
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface OpenedReport {
  page: Page;
  /** Console errors, page errors and every request that tried to leave the file. */
  problems: string[];
}

/** Opens a report offline; any request other than the file itself and its data: images is blocked and recorded. */
async function openOffline(file: string, inBrowser: AgentBrowser = browser): Promise<OpenedReport> {
  const page = await inBrowser.browser.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
  await page.setOfflineMode(true);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url || request.url().startsWith('data:')) return void request.continue();
    problems.push(`request: ${request.url()}`);
    void request.abort();
  });
  await page.setViewport({ width: 1280, height: 1000 });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => Array.isArray(window.rtcdemoCharts), { timeout: 10_000 });
  return { page, problems };
}

/** For every uPlot chart: its id, how many non-null points each series has, and whether uPlot built its paths. */
function readCharts(page: Page) {
  return page.evaluate(() =>
    window.rtcdemoCharts.map((u) => ({
      id: u.root.parentElement?.dataset.chart ?? '',
      points: u.data.slice(1).map((values) => (values as Array<number | null>).filter((v) => v !== null && v !== undefined).length),
      // uPlot keeps the Path2D it drew for each series in the undocumented `_paths`; no path, nothing drawn.
      drawn: u.series.slice(1).map((s) => Boolean((s as unknown as { _paths?: { stroke?: unknown } })._paths?.stroke)),
    })),
  );
}

/** Each embedded snapshot: decoded size, and the variance of its pixels' luminance (0 for a blank image). */
function readSnapshots(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>('img[data-snapshot]')].map((img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let squares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        sum += y;
        squares += y * y;
      }
      const mean = sum / n;
      return {
        name: img.dataset.snapshot ?? '',
        complete: img.complete,
        width: img.naturalWidth,
        height: img.naturalHeight,
        declaredWidth: Number(img.getAttribute('width')),
        declaredHeight: Number(img.getAttribute('height')),
        variance: squares / n - mean * mean,
      };
    }),
  );
}

const CAMERA = { width: 640, height: 480 };

/**
 * A snapshot decoded as an image of the size the report says, showing the fake camera's 4:3 picture at most
 * at the camera's size. Not always at it: WebRTC starts at a low bitrate estimate and Chromium scales the
 * first frames down (320×240 first frames measured here once calls carried audio too), and a loaded machine
 * can scale down later too. The last frame is the size the run's stats report for that direction (`decoded`).
 */
function expectDecodedFrame(shot: { name: string; complete: boolean; width: number; height: number; declaredWidth: number; declaredHeight: number }, decoded: Record<string, [number | null, number | null]>): void {
  expect(shot.complete, shot.name).toBe(true);
  expect([shot.width, shot.height], `${shot.name}: decoded size vs the size in the report`).toEqual([shot.declaredWidth, shot.declaredHeight]);
  expect(shot.width * 3, `${shot.name} is 4:3`).toBe(shot.height * 4);
  expect(shot.width, shot.name).toBeLessThanOrEqual(CAMERA.width);
  expect(shot.width, shot.name).toBeGreaterThanOrEqual(CAMERA.width / 4);
  const direction = Object.keys(decoded).find((d) => shot.name.includes(d) && shot.name.includes('last-frame'));
  if (direction) expect([shot.width, shot.height], `${shot.name} vs the stats`).toEqual(decoded[direction]);
}

describe('call-test --report-dir', () => {
  it('writes a report that, opened offline, shows the verdict, charts with data and both directions of video', { timeout: 90_000 }, async () => {
    const out = path.join(dir, 'passing');
    const run = await runRtcdemoToEnd(['call-test', '--duration', '3', '--report-dir', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as CallTestResult;

    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'snapshots']);
    expect((JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as CallTestResult).verdict).toBe(result.verdict);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuite name="rtcdemo call-test"');
    expect(readdirSync(path.join(out, 'snapshots')).sort()).toEqual([
      'pair-1-to-receiver-first-frame.jpg',
      'pair-1-to-receiver-last-frame.jpg',
      'pair-1-to-sender-first-frame.jpg',
      'pair-1-to-sender-last-frame.jpg',
    ]);

    const { page, problems } = await openOffline(path.join(out, 'report.html'));
    try {
      expect(await page.$eval('#verdict', (el) => (el as HTMLElement).dataset.verdict)).toBe(result.verdict);

      const charts = await readCharts(page);
      // Every per-second measure both ways, and the data check's round trips.
      expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['pair-1-fps', 'pair-1-bitrate', 'pair-1-loss', 'pair-1-jitter', 'pair-1-rtt', 'pair-1-freezes', 'pair-1-rtt-histogram']));
      expect(charts.find((c) => c.id === 'pair-1-fps')!.points).toHaveLength(2);
      const placeholders = await page.$$eval('[data-chart]', (els) => els.map((el) => (el as HTMLElement).dataset.chart));
      expect(charts.map((c) => c.id).sort()).toEqual([...placeholders].sort());
      for (const chart of charts) {
        expect(chart.points.every((n) => n > 0), `${chart.id} has a series with no point`).toBe(true);
        expect(chart.drawn.every(Boolean), `${chart.id} drew no path`).toBe(true);
      }

      const snapshots = await readSnapshots(page);
      expect(snapshots.map((s) => s.name).sort()).toEqual(readdirSync(path.join(out, 'snapshots')).sort());
      for (const shot of snapshots) {
        const v = result.metrics.video;
        expectDecodedFrame(shot, { 'pair-1-to-receiver': [v.toReceiver.width, v.toReceiver.height], 'pair-1-to-sender': [v.toSender.width, v.toSender.height] });
        expect(shot.variance, `${shot.name} is blank`).toBeGreaterThan(50);
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('call-test --report on a failing run with two pairs', () => {
  it('shows the failed check first, with the criterion that failed, and a section per pair', { timeout: 90_000 }, async () => {
    const file = path.join(dir, 'failing.html');
    const run = await runRtcdemoToEnd(['call-test', '--pairs', '2', '--duration', '1', '--messages', '20', '--bulk', '0', '--expect', 'video.fps>=1000', '--report', file]);
    expect(run.code).toBe(1);
    const { page, problems } = await openOffline(file);
    try {
      expect(await page.$eval('#verdict', (el) => (el as HTMLElement).dataset.verdict)).toBe('fail');
      const checks = await page.$$eval('#checks details.check', (els) => els.map((el) => [(el as HTMLElement).dataset.check, (el as HTMLElement).dataset.status, (el as HTMLDetailsElement).open]));
      expect(checks[0]).toEqual(['video', 'fail', true]);
      expect(checks.slice(1).map((c) => c[1])).not.toContain('fail');
      const firstUnmet = await page.$eval('#checks details.check tr.unmet', (row) => row.textContent);
      expect(firstUnmet).toContain('video.fps');
      expect(firstUnmet).toContain('>= 1000 fps');

      expect(await page.$$eval('#pairs tr[data-pair]', (rows) => rows.map((r) => r.textContent?.includes('fail')))).toEqual([true, true]);
      expect(await page.$$eval('section.pair', (sections) => sections.map((s) => s.id))).toEqual(['pair-1', 'pair-2']);
      const snapshots = await readSnapshots(page);
      expect(snapshots.map((s) => s.name).sort()).toEqual(
        ['pair-1', 'pair-2'].flatMap((p) => ['to-receiver-first-frame', 'to-receiver-last-frame', 'to-sender-first-frame', 'to-sender-last-frame'].map((n) => `${p}-${n}.jpg`)),
      );
      for (const shot of snapshots) expectDecodedFrame(shot, {});
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('call --report', () => {
  const rig = useDemoServerAndBrowser();

  it("shows what the caller decoded from the tutorial's receiver page, opened offline", { timeout: 90_000 }, async () => {
    const receiver = await openTutorialPage(rig.browser.browser, `${rig.server.url}receiver`);
    try {
      await waitUntil(() => receiver.page.evaluate(() => typeof peer !== 'undefined' && peer.open), 10_000, 'the receiver page to register');
      const file = path.join(dir, 'call.html');
      const run = await runRtcdemoToEnd(['call', '--to', 'receiver', '--duration', '3s', '--server', rig.server.url, '--report', file, '--json']);
      expect(run.code).toBe(0);
      const received = (JSON.parse(run.stdout) as { received: { width: number | null; height: number | null } }).received;
      const { page, problems } = await openOffline(file, rig.browser);
      try {
        expect(await page.$eval('#verdict', (el) => (el as HTMLElement).dataset.verdict)).toBe('none');
        const charts = await readCharts(page);
        expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['call-fps', 'call-bitrate']));
        for (const chart of charts) expect(chart.drawn.every(Boolean), `${chart.id} drew no path`).toBe(true);
        const snapshots = await readSnapshots(page);
        expect(snapshots.map((s) => s.name)).toEqual(['call-to-receiver-first-frame.jpg', 'call-to-receiver-last-frame.jpg']);
        for (const shot of snapshots) {
          expectDecodedFrame(shot, { 'call-to-receiver': [received.width, received.height] });
          expect(shot.variance, `${shot.name} is blank`).toBeGreaterThan(50);
        }
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    } finally {
      await receiver.page.close();
    }
  });
});
