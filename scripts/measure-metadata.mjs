/**
 * Which `connect(id, { metadata })` sizes a real PeerJS 1.5.5 page in Chromium gets delivered, through the stock
 * `peer` 1.0.2 server (--engine stock) or rtcdemo's (--engine rtcdemo), on 127.0.0.1. Run after `npm run build`:
 *
 *   node scripts/measure-metadata.mjs stock|rtcdemo 100KiB 1MiB 16MiB 64MiB 101MiB
 */
import { startSignalingServer } from '../dist/server/signaling-server.js';
import { handleDemoPageRequest } from '../dist/server/demo-pages.js';
import { findBrowser } from '../dist/core/browser/find-browser.js';
import { launchAgentBrowser } from '../dist/core/browser/launch-browser.js';

const [engine = 'rtcdemo', ...sizes] = process.argv.slice(2);
const bytes = (text) => {
  const m = /^(\d+)(KiB|MiB)?$/.exec(text);
  return Number(m[1]) * (m[2] === 'MiB' ? 1024 * 1024 : m[2] === 'KiB' ? 1024 : 1);
};

const server = await startSignalingServer({ port: 0, host: '127.0.0.1', pages: handleDemoPageRequest, engine });
const browser = await launchAgentBrowser({ executablePath: findBrowser(undefined) });
try {
  const base = `http://127.0.0.1:${server.port}`;
  const opts = { host: '127.0.0.1', port: server.port, path: '/', config: { iceServers: [] } };
  for (const size of sizes.length ? sizes : ['100KiB']) {
    const page = await browser.browser.newPage();
    await page.goto(`${base}/`);
    await page.addScriptTag({ url: `${base}/peerjs.min.js` });
    const started = performance.now();
    const result = await page.evaluate((o, n) => new Promise((resolve) => {
      const rx = new globalThis.Peer(`rx${n}`, o);
      const tx = new globalThis.Peer(`tx${n}`, o);
      const done = (what) => { resolve(what); rx.destroy(); tx.destroy(); };
      rx.on('connection', (c) => done(`delivered ${c.metadata.length} characters`));
      tx.on('error', (e) => done(`sender error: ${e.type}: ${e.message}`));
      tx.on('disconnected', () => done('sender lost the server (socket closed, no ERROR)'));
      rx.on('open', () => tx.on('open', () => tx.connect(`rx${n}`, { metadata: 'm'.repeat(n) })));
      setTimeout(() => done('nothing after 30 s'), 30_000);
    }), opts, bytes(size));
    console.log(`${engine} ${size}: ${result} (${Math.round(performance.now() - started)} ms)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
