/**
 * The browser side of the benches: Chromium launched exactly as the agents launch it (same flags, same
 * temp profile handling, from the built dist/), and the bench pages served from memory on 127.0.0.1.
 * Every resource is closed by its owner in `finally`; `emergencyCleanup` covers Ctrl-C.
 */
/* global window -- the callbacks given to page.evaluate run in the bench page, not in Node */
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';
import { findBrowser } from '../dist/core/browser/find-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export function browserPath() {
  return findBrowser(process.env.CHROME_PATH);
}

/** Launches Chromium the way rtcdemo's agents do; `work(browser)` runs, then the browser and its profile go. */
export async function withBrowser(work) {
  const browser = await launchAgentBrowser({ executablePath: browserPath() });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/** Serves the data-channel bench page and peerjs.min.js from memory; returns its URL and a close(). */
export async function startBenchPages() {
  const files = {
    '/peerjs.min.js': await readFile(`${root}node_modules/peerjs/dist/peerjs.min.js`, 'utf8'),
    '/data-bench.js': await readFile(`${root}bench/pages/data-bench.js`, 'utf8'),
  };
  const html = '<!doctype html><meta charset="utf-8"><title>rtcdemo bench</title><script src="/peerjs.min.js"></script><script src="/data-bench.js"></script>';
  const server = http.createServer((req, res) => {
    const body = req.url === '/' ? html : files[req.url ?? ''];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': req.url === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-store',
      // Cross-origin isolation sharpens performance.now() from 100 µs to 5 µs steps: round trips here are ~0.3 ms.
      // https://developer.mozilla.org/en-US/docs/Web/API/Performance/now#security_requirements
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Opens a bench page and waits for window.dataBench. */
export async function openBenchPage(browser, url, onConsole) {
  const page = await browser.browser.newPage();
  try {
    if (onConsole) page.on('console', (m) => onConsole(m.text()));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.dataBench === 'object', { timeout: 10_000 });
    if (!(await page.evaluate(() => window.crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated: round trips would be measured in 100 µs steps');
    return page;
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}
