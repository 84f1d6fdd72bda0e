/**
 * The owner of everything an agent command opens: the browser, its profile, the agent host and the pages.
 * `withAgentSession` closes them all in `finally`, whether the work succeeded, failed or was aborted.
 */
import type { AgentBrowser } from '../browser/launch-browser.js';
import { isRemote, prepareAgentBrowser, type BrowserChoice } from '../browser/start-browser.js';
import { openRemoteAgentPage } from './remote-page.js';
import { startAgentHost, type AgentHost } from './agent-host.js';
import { AgentPage, type AgentError } from './agent-page.js';
import { watchRendererCrashes } from './renderer-crashes.js';
import type { Page } from 'puppeteer-core';
import type { AgentEvent, SignalingTarget } from '../../protocol.js';
import { isLoopbackHost } from '../../shared/loopback.js';
import { EnvironmentError } from '../errors.js';

/**
 * Our own `serve --https` makes a self-signed certificate: trust it for a server on this machine, never
 * for one elsewhere.
 */
export function trustsSelfSigned(server: SignalingTarget | null): boolean {
  return server !== null && server.secure && isLoopbackHost(server.host);
}

export interface AgentSessionOptions {
  /** `chromium` (default), `firefox`, or a path to either (resolve-browser.ts). */
  browserPath?: string;
  /** Accept self-signed certificates (our own `serve --https` on this machine). */
  acceptInsecureCerts?: boolean;
  /** More Chromium flags (call-test --turn: trust its own TURN server's TLS certificate). */
  extraBrowserArgs?: string[];
  /** Run the browser through this command (a network namespace: see launchAgentBrowser). */
  commandPrefix?: string[];
  /** Where the browser's temporary profile goes (default the system temp folder). */
  profileParent?: string;
  /**
   * Serve the agent page over the DevTools connection instead of from an HTTP server on this machine's
   * 127.0.0.1: for a browser here that cannot reach it (in another network namespace; a browser elsewhere loads
   * it from the signaling server instead, remotePageUrl).
   */
  pageOverDevtools?: boolean;
  /** A browser elsewhere (`--connect`) instead of launching one here. */
  connect?: BrowserChoice['connect'];
  /** With `connect`: the agent page on the signaling server, which that browser loads (AGENT_PAGE_PATH). */
  remotePageUrl?: string;
  /** Receives page console output and page errors (shown with --verbose). */
  onConsole?: (line: string) => void;
  /** Called with timings as the session comes up (for call-test's timeline). */
  onPhase?: (phase: 'browser-launched' | 'host-ready') => void;
  /** Ctrl-C: pending page calls reject at once, and shutdown waits on nothing that may hang. */
  signal?: AbortSignal;
}

export interface AgentSession {
  browser: AgentBrowser;
  openPage(name: string, onEvent: (event: AgentEvent) => void): Promise<AgentPage>;
}

export interface OpenAgentSession {
  session: AgentSession;
  /** Rejects with one clear EnvironmentError when the browser or a page dies under us (killed, crashed, out of memory). */
  died: Promise<never>;
  /**
   * Throws the same error as `died` when the browser is gone. A WebDriver grid keeps its BiDi socket open after
   * the browser behind it dies, so no 'disconnected' comes: the session is asked over HTTP instead.
   */
  checkAlive(): Promise<void>;
  /** Closes the pages, the browser and the agent host; never throws. */
  close(): Promise<void>;
}

export async function withAgentSession<T>(options: AgentSessionOptions, work: (session: AgentSession) => Promise<T>): Promise<T> {
  const open = await openAgentSession(options);
  try {
    return await settleAlive(Promise.race([work(open.session), open.died]), [open]);
  } finally {
    await open.close();
  }
}

/**
 * The outcome of `work`, unless a browser died under it: then that, in one line, instead of whatever the pages
 * reported on the way down (a check failing with "the agent page closed").
 */
export async function settleAlive<T>(work: Promise<T>, sessions: ReadonlyArray<Pick<OpenAgentSession, 'checkAlive'>>): Promise<T> {
  const outcome = await work.then((value) => ({ value }), (error: unknown) => ({ error }));
  await Promise.all(sessions.map((s) => s.checkAlive()));
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** The parts of withAgentSession, for a caller that owns several sessions at once (call-test's browsers). */
export async function openAgentSession(options: AgentSessionOptions): Promise<OpenAgentSession> {
  // Resolve the browser first: a missing browser is reported before anything starts.
  const remote = isRemote(options) ? options.connect! : null;
  const remotePageUrl = options.remotePageUrl;
  if (remote && !remotePageUrl) throw new EnvironmentError(`the browser at ${remote.label} loads the agent page from a signaling server: none given`);
  const startBrowser = prepareAgentBrowser({
    connect: options.connect,
    browserPath: options.browserPath,
    extraArgs: options.extraBrowserArgs,
    acceptInsecureCerts: options.acceptInsecureCerts,
    secureOrigins: remotePageUrl ? [new URL(remotePageUrl).origin] : [],
    commandPrefix: options.commandPrefix,
    profileParent: options.profileParent,
  });
  let browser: AgentBrowser | undefined;
  let host: AgentHost | undefined;
  const pages: AgentPage[] = [];
  let onDisconnect = () => undefined as void;
  let disconnected = false;
  const close = async () => {
    browser?.browser.off('disconnected', onDisconnect);
    await Promise.all(pages.map((p) => p.close()));
    await browser?.close();
    await host?.close();
  };
  try {
    const [launched, started] = await Promise.allSettled([
      startBrowser().then((b) => {
        options.onPhase?.('browser-launched');
        return b;
      }),
      remote || options.pageOverDevtools ? Promise.resolve(undefined) : startAgentHost(),
    ]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') host = started.value;
    if (launched.status === 'rejected') throw launched.reason;
    if (started.status === 'rejected') throw started.reason;
    options.onPhase?.('host-ready');
  } catch (error) {
    await close();
    throw error;
  }
  const crashes = watchRendererCrashes(browser!.browser);
  const lost = () =>
    new EnvironmentError(
      remote
        ? `lost the browser at ${remote.label} (killed, crashed, or the connection dropped)`
        : 'the browser exited unexpectedly (killed or crashed); run with --verbose to see its output',
    );
  // A page or a browser that dies under us (killed, crashed, out of memory) ends the work at once with one
  // clear line, instead of leaving every pending page call to its own timeout, or `receive` waiting forever.
  let fail: (error: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => {
    fail = reject;
  });
  died.catch(() => undefined);
  onDisconnect = () => {
    disconnected = true;
    fail(lost());
  };
  browser!.browser.once('disconnected', onDisconnect);
  const onLost = (error: AgentError) => {
    // A tab also "closes" when the whole browser goes: give the browser's own event a moment to say so.
    if (error.kind === 'page-closed') setTimeout(() => { if (browser!.browser.connected) fail(new EnvironmentError(error.message)); }, 100).unref();
    else fail(new EnvironmentError(`${error.message}; run with --verbose to see its output`));
  };
  // Chromium starts with one blank tab; the first agent page uses it instead of opening another
  // (measured: about 60 ms of the ~270 ms two pages take to open on a 2-core machine). Not in Firefox: there
  // closing a window's last tab over WebDriver BiDi returns at once and leaves the page running, so a sender
  // that "closes its tab" would keep sending (measured with Firefox ESR 153: frames kept arriving for 8 s).
  // Not in someone else's browser either.
  let blankTab: Promise<Page | undefined> | null =
    !remote && browser!.kind === 'chromium' ? browser!.browser.pages().then((tabs) => tabs.find((t) => t.url() === 'about:blank')) : null;
  const session: AgentSession = {
    browser: browser!,
    openPage: async (name, onEvent) => {
      const blank = blankTab;
      blankTab = null;
      const pageOptions = { name, onEvent, onConsole: options.onConsole, onLost, crashes, signal: options.signal };
      const page = remote
        ? await openRemoteAgentPage(browser!.pages, { ...pageOptions, hostUrl: remotePageUrl! }, remote.label)
        : await AgentPage.open(browser!.pages, { ...pageOptions, hostUrl: host?.url ?? null }, (await blank) ?? undefined);
      pages.push(page);
      return page;
    },
  };
  const checkAlive = async () => {
    if (disconnected || (browser!.isAlive && !(await browser!.isAlive()))) throw lost();
  };
  return { session, died, checkAlive, close };
}
