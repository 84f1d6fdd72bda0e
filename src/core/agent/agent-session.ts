/**
 * The owner of everything an agent command opens: the browser, its profile, the agent host and the pages.
 * `withAgentSession` closes them all in `finally`, whether the work succeeded, failed or was aborted.
 */
import { resolveBrowser } from '../browser/resolve-browser.js';
import { launchAgentBrowser, type AgentBrowser } from '../browser/launch-browser.js';
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
   * 127.0.0.1: for a browser that can't reach it (in another network namespace, later on another machine).
   */
  pageOverDevtools?: boolean;
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
  /** Rejects with one clear EnvironmentError when the browser or a page dies under us. */
  died: Promise<never>;
  /** Closes the pages, the browser and the agent host; never throws. */
  close(): Promise<void>;
}

export async function withAgentSession<T>(options: AgentSessionOptions, work: (session: AgentSession) => Promise<T>): Promise<T> {
  const open = await openAgentSession(options);
  try {
    return await Promise.race([work(open.session), open.died]);
  } finally {
    await open.close();
  }
}

/** The parts of withAgentSession, for a caller that owns several sessions at once (a browser per side). */
export async function openAgentSession(options: AgentSessionOptions): Promise<OpenAgentSession> {
  // Resolve the browser path first: a missing browser is reported before anything starts.
  const { kind, executablePath } = resolveBrowser(options.browserPath);
  let browser: AgentBrowser | undefined;
  let host: AgentHost | undefined;
  const pages: AgentPage[] = [];
  let onDisconnect = () => undefined as void;
  const close = async () => {
    browser?.browser.off('disconnected', onDisconnect);
    await Promise.all(pages.map((p) => p.close()));
    await browser?.close();
    await host?.close();
  };
  try {
    const [launched, started] = await Promise.allSettled([
      launchAgentBrowser({
        executablePath,
        kind,
        acceptInsecureCerts: options.acceptInsecureCerts,
        extraArgs: options.extraBrowserArgs,
        commandPrefix: options.commandPrefix,
        profileParent: options.profileParent,
      }).then((b) => {
        options.onPhase?.('browser-launched');
        return b;
      }),
      options.pageOverDevtools ? Promise.resolve(undefined) : startAgentHost(),
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
  // A page or a browser that dies under us (killed, crashed, out of memory) ends the work at once with one
  // clear line, instead of leaving every pending page call to its own timeout, or `receive` waiting forever.
  let fail: (error: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => {
    fail = reject;
  });
  died.catch(() => undefined);
  onDisconnect = () => fail(new EnvironmentError('the browser exited unexpectedly (killed or crashed); run with --verbose to see its output'));
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
  let blankTab: Promise<Page | undefined> | null =
    browser!.kind === 'chromium' ? browser!.browser.pages().then((tabs) => tabs.find((t) => t.url() === 'about:blank')) : null;
  const session: AgentSession = {
    browser: browser!,
    openPage: async (name, onEvent) => {
      const blank = blankTab;
      blankTab = null;
      const page = await AgentPage.open(
        browser!.browser,
        { name, hostUrl: host?.url ?? null, onEvent, onConsole: options.onConsole, onLost, crashes, signal: options.signal },
        (await blank) ?? undefined,
      );
      pages.push(page);
      return page;
    },
  };
  return { session, died, close };
}
