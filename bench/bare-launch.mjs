/**
 * The baseline of the cold-start comparison, run as its own process: a bare Chromium launch (the agents'
 * flags and temp profile, from dist/), one new page, close, exit. Nothing else, so the difference from
 * `rtcdemo call-test` is what the call test itself costs. Prints its own phase times as JSON.
 */
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';
import { findBrowser } from '../dist/core/browser/find-browser.js';

const began = performance.now();
const browser = await launchAgentBrowser({ executablePath: findBrowser(process.env.CHROME_PATH) });
const launched = performance.now();
let paged = launched;
try {
  const page = await browser.browser.newPage();
  await page.close();
  paged = performance.now();
} finally {
  await browser.close();
}
const closed = performance.now();
process.stdout.write(`${JSON.stringify({ sinceProcessStartMs: began, launchMs: launched - began, pageMs: paged - launched, closeMs: closed - paged })}\n`);
