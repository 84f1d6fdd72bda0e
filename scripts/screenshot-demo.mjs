#!/usr/bin/env node
// Takes the README's screenshots of the demo pages after a real call: a server on a free port, the
// receiver page, then the sender page (which sends 'hi!' and calls), plus one typed message.
// Usage: npm run build && node scripts/screenshot-demo.mjs [outDir]   (default docs/img)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSignalingServer } from '../dist/server/signaling-server.js';
import { handleDemoPageRequest } from '../dist/server/demo-pages.js';
import { findBrowser } from '../dist/core/browser/find-browser.js';
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';

const outDir = process.argv[2] ?? fileURLToPath(new URL('../docs/img/', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const server = await startSignalingServer({ port: 0, host: 'localhost', pages: handleDemoPageRequest });
const browser = await launchAgentBrowser({ executablePath: findBrowser(undefined) });
try {
  const open = async (name) => {
    const page = await browser.browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    await page.goto(`${server.url}${name}`);
    return page;
  };
  const receiver = await open('receiver');
  await sleep(500);
  const sender = await open('sender');
  await sleep(3000);
  await sender.type('#message', 'typed by a person');
  await sender.click('#send');
  await sleep(1000);
  for (const [name, page] of [['receiver', receiver], ['sender', sender]]) {
    await page.bringToFront();
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  }
} finally {
  await browser.close();
  await server.close();
}
