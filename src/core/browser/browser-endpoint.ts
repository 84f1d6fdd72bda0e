/**
 * Where an agent's browser is: launched here (`local`), an already-running Chromium reached over the Chrome
 * DevTools Protocol (`ws://…/devtools/browser/…` or `http://host:port`, as from `--remote-debugging-port`,
 * browserless or a pod), or a W3C WebDriver endpoint (`webdriver+http://host:4444`: Selenium Grid 4,
 * chromedriver, geckodriver, a cloud grid) where rtcdemo creates its own session.
 * Pure parsing; connect-browser.ts does the connecting.
 */
import { UsageError } from '../errors.js';

export type BrowserEndpoint =
  | { kind: 'local'; label: 'local' }
  | {
      kind: 'cdp' | 'webdriver';
      /** cdp: the ws(s):// endpoint or the http(s):// DevTools URL; webdriver: the http(s):// base, no trailing slash. */
      url: string;
      /** For reports and errors: the URL without credentials or query (browserless puts its token there). */
      label: string;
      /** host:port, as reports show it. */
      host: string;
      /** webdriver only: the browserName to ask for (`?browserName=firefox` on the endpoint; default chrome). */
      browserName: string;
    };

export const ENDPOINT_HELP = 'ws://host:port/devtools/browser/<id> or http://host:port (Chrome DevTools), webdriver+http://host:4444 (W3C WebDriver), or local';

/** `--connect <endpoint>`; `--webdriver <url>` is the same with the `webdriver+` prefix implied. */
export function parseBrowserEndpoint(flag: string, text: string): BrowserEndpoint {
  const trimmed = text.trim();
  if (trimmed === 'local') return { kind: 'local', label: 'local' };
  const webdriver = /^webdriver\+/i.test(trimmed) || flag === '--webdriver';
  const raw = trimmed.replace(/^webdriver\+/i, '');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flag} ${text}: not a URL; expected ${ENDPOINT_HELP}`);
  }
  const protocols = webdriver ? ['http:', 'https:'] : ['ws:', 'wss:', 'http:', 'https:'];
  if (!protocols.includes(url.protocol)) throw new UsageError(`${flag} ${text}: unsupported scheme ${url.protocol.replace(/:$/, '')}; expected ${ENDPOINT_HELP}`);
  if (!url.hostname) throw new UsageError(`${flag} ${text}: no host; expected ${ENDPOINT_HELP}`);
  const defaultPort = url.protocol === 'https:' || url.protocol === 'wss:' ? '443' : '80';
  const host = `${url.hostname}:${url.port || defaultPort}`;
  const label = `${webdriver ? 'webdriver+' : ''}${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search ? '?…' : ''}`;
  if (!webdriver) return { kind: 'cdp', url: url.href, label, host, browserName: 'chromium' };
  const browserName = url.searchParams.get('browserName') ?? 'chrome';
  if ([...url.searchParams.keys()].some((k) => k !== 'browserName')) throw new UsageError(`${flag} ${text}: a WebDriver endpoint takes no query other than ?browserName=; put credentials in the URL (https://user:key@host/wd/hub)`);
  url.search = '';
  url.hash = '';
  return { kind: 'webdriver', url: url.href.replace(/\/+$/, ''), label: label.replace('?…', ''), host, browserName };
}

/** The origin a page at `pageUrl` has (for Chromium's secure-origin list). */
export function originOf(pageUrl: string): string {
  return new URL(pageUrl).origin;
}
