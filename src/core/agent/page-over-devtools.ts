/**
 * The agent page delivered over the DevTools connection (CDP Fetch.fulfillRequest), for a browser that can't
 * reach this machine's 127.0.0.1: one in another network namespace (the network lab). (A browser elsewhere,
 * `--connect`, loads the same page from the signaling server instead: remote-page.ts.)
 * The URL stays http://127.0.0.1/…, a secure context by its origin (getUserMedia needs one:
 * https://w3c.github.io/webappsec-secure-contexts/#localhost), and no request for it ever reaches a network:
 * Fetch pauses it before it is sent and we answer it from memory.
 */
import type { Page } from 'puppeteer-core';
import { AGENT_PAGE_HTML, AGENT_PAGE_PATH, loadAgentBundle } from '../../server/agent-page-route.js';

export const DEVTOOLS_AGENT_URL = `http://127.0.0.1${AGENT_PAGE_PATH}`;

export async function serveAgentPageOverDevtools(page: Page): Promise<string> {
  const script = await loadAgentBundle();
  const cdp = await page.createCDPSession();
  cdp.on('Fetch.requestPaused', (event: { requestId: string; request: { url: string } }) => {
    const isScript = event.request.url === `${DEVTOOLS_AGENT_URL}agent.js`;
    const isPage = event.request.url === DEVTOOLS_AGENT_URL;
    const body = isScript ? script : isPage ? AGENT_PAGE_HTML : '';
    const type = isScript ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8';
    cdp
      .send('Fetch.fulfillRequest', {
        requestId: event.requestId,
        responseCode: isScript || isPage ? 200 : 404,
        responseHeaders: [{ name: 'content-type', value: type }, { name: 'cache-control', value: 'no-store' }],
        body: Buffer.from(body).toString('base64'),
      })
      .catch(() => undefined); // the page closed meanwhile
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${DEVTOOLS_AGENT_URL}*` }] });
  return DEVTOOLS_AGENT_URL;
}
