/**
 * Agents in a browser rtcdemo did not launch. Over CDP the browser is someone else's: our pages live in a
 * browser context of our own, closing it closes exactly them, and we disconnect, never close the browser.
 * Over WebDriver the session is ours (webdriver-session.ts): we delete it, which ends its browser.
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../errors.js';
import { trackExitCleanup } from '../cleanup.js';
import type { BrowserEndpoint } from './browser-endpoint.js';
import { CHROMIUM_FLAGS, type AgentBrowser } from './launch-browser.js';
import { connectBidiTransport, createWebDriverSession, deleteWebDriverSession, deleteWebDriverSessionSync, reasonOf, sessionCapabilities, webDriverSessionAlive } from './webdriver-session.js';

export type RemoteEndpoint = Exclude<BrowserEndpoint, { kind: 'local' }>;

export interface ConnectAgentBrowserOptions {
  acceptInsecureCerts?: boolean;
  /**
   * Origins to treat as secure in a browser we configure (WebDriver sessions): getUserMedia needs a secure
   * context and http://10.0.0.5:9000 is not one (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
   */
  secureOrigins?: string[];
  extraArgs?: string[];
}

const CONNECT_TIMEOUT_MS = 20_000;

/**
 * For browsers on other hosts: real addresses in ICE host candidates. By default Chromium hides them behind
 * mDNS names (https://bugs.chromium.org/p/chromium/issues/detail?id=878465) that only resolve on one link, so
 * two browsers on different hosts (containers, grid nodes) would have nothing to connect to.
 */
export const REMOTE_CHROMIUM_FLAGS = ['--disable-features=WebRtcHideLocalIpsWithMdns'];

export function connectAgentBrowser(endpoint: RemoteEndpoint, options: ConnectAgentBrowserOptions = {}): Promise<AgentBrowser> {
  return endpoint.kind === 'cdp' ? connectOverDevtools(endpoint, options) : connectOverWebDriver(endpoint, options);
}

async function connectOverDevtools(endpoint: RemoteEndpoint, options: ConnectAgentBrowserOptions): Promise<AgentBrowser> {
  const target = /^wss?:/.test(endpoint.url) ? { browserWSEndpoint: endpoint.url } : { browserURL: endpoint.url };
  const browser = await withTimeout(
    puppeteer.connect({ ...target, defaultViewport: null, protocolTimeout: 60_000, acceptInsecureCerts: options.acceptInsecureCerts ?? false }),
    `cannot reach the browser at ${endpoint.label}`,
  );
  try {
    const context = await browser.createBrowserContext();
    const version = await browser.version().catch(() => 'unknown');
    let closing: Promise<void> | null = null;
    return {
      browser,
      // DevTools is Chromium's protocol.
      kind: 'chromium',
      version,
      location: { kind: 'cdp', host: endpoint.host, endpoint: endpoint.label },
      pages: context,
      close() {
        closing ??= (async () => {
          await bounded(context.close().catch(() => undefined), 10_000);
          await bounded(browser.disconnect().catch(() => undefined), 5_000);
        })();
        return closing;
      },
    };
  } catch (error) {
    await browser.disconnect().catch(() => undefined);
    throw new EnvironmentError(`the browser at ${endpoint.label} refused a browser context: ${reasonOf(error)}`);
  }
}

async function connectOverWebDriver(endpoint: RemoteEndpoint, options: ConnectAgentBrowserOptions): Promise<AgentBrowser> {
  const secure = (options.secureOrigins ?? []).filter((o) => o.startsWith('http:'));
  const args = [...CHROMIUM_FLAGS, ...REMOTE_CHROMIUM_FLAGS, ...(options.extraArgs ?? []), ...(secure.length ? [`--unsafely-treat-insecure-origin-as-secure=${secure.join(',')}`] : [])];
  const body = sessionCapabilities({ browserName: endpoint.browserName, chromiumArgs: args, acceptInsecureCerts: options.acceptInsecureCerts ?? false });
  const session = await createWebDriverSession(endpoint.url, endpoint.label, body);
  // From here on the session is a grid slot: whatever happens next, it is deleted.
  const untrack = trackExitCleanup(() => deleteWebDriverSessionSync(endpoint.url, session.id));
  const remove = async () => {
    await deleteWebDriverSession(endpoint.url, session.id);
    untrack();
  };
  let browser: Browser;
  try {
    const transport = await connectBidiTransport(session);
    browser = await withTimeout(
      puppeteer.connect({ transport, protocol: 'webDriverBiDi', defaultViewport: null, protocolTimeout: 60_000, acceptInsecureCerts: options.acceptInsecureCerts ?? false }),
      `cannot drive the WebDriver session at ${endpoint.label} over BiDi`,
    );
  } catch (error) {
    await remove();
    throw error;
  }
  const caps = session.capabilities;
  const version = `${String(caps.browserName ?? endpoint.browserName)}/${String(caps.browserVersion ?? 'unknown')}`;
  let closing: Promise<void> | null = null;
  return {
    browser,
    kind: /firefox/i.test(String(caps.browserName ?? endpoint.browserName)) ? 'firefox' : 'chromium',
    version,
    location: { kind: 'webdriver', host: endpoint.host, endpoint: endpoint.label },
    pages: browser,
    isAlive: () => webDriverSessionAlive(endpoint.url, session.id),
    close() {
      closing ??= (async () => {
        await bounded(browser.disconnect().catch(() => undefined), 5_000);
        await remove();
      })();
      return closing;
    },
  };
}

/** Gives up after CONNECT_TIMEOUT_MS; a connection that still arrives after that is disconnected at once. */
async function withTimeout(promise: Promise<Browser>, what: string): Promise<Browser> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      promise.then((late) => late.disconnect(), () => undefined).catch(() => undefined);
      reject(new EnvironmentError(`${what}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
    }, CONNECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(`${what}: ${reasonOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function bounded(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}
