/**
 * End-to-end test support: the real CLI as a child process, a real server on an OS-assigned port, and
 * real Chromium pages running the tutorial's code. Nothing here is mocked.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Browser, ConsoleMessage, Page } from 'puppeteer-core';
import { resolveBrowser } from '../../src/core/browser/resolve-browser.js';
import { launchAgentBrowser, type AgentBrowser } from '../../src/core/browser/launch-browser.js';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { handleDemoPageRequest } from '../../src/server/demo-pages.js';

const BIN = fileURLToPath(new URL('../../bin/rtcdemo.js', import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr (as chosen) matches, rejects after timeoutMs with what was printed. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runRtcdemo(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); listeners.forEach((l) => l()); });
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); listeners.forEach((l) => l()); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(stream, pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = (stream === 'stdout' ? out : err).match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on ${stream}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion. */
export async function runRtcdemoToEnd(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = runRtcdemo(args, env);
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.stdout(), stderr: run.stderr() };
}

/** A test browser: Chromium by default, or `firefox` (resolve-browser.ts finds either). */
export async function launchTestBrowser(spec?: 'chromium' | 'firefox'): Promise<AgentBrowser> {
  return launchAgentBrowser(resolveBrowser(spec));
}

export interface DemoRig {
  /** The demo server (signaling + tutorial pages) on an OS-assigned port. */
  readonly server: SignalingServer;
  readonly browser: AgentBrowser;
}

/**
 * For the enclosing describe (or file): a demo server and one test browser, started before its tests and
 * closed after them.
 */
export function useDemoServerAndBrowser(host = 'localhost', browserSpec?: 'chromium' | 'firefox'): DemoRig {
  let server: SignalingServer | undefined;
  let browser: AgentBrowser | undefined;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host, pages: handleDemoPageRequest });
    browser = await launchTestBrowser(browserSpec);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the demo server is not started yet (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the test browser is not launched yet (use it inside a test)');
      return browser;
    },
  };
}

export interface TutorialPage {
  page: Page;
  console: string[];
  waitForConsole(text: string, timeoutMs?: number): Promise<void>;
}

/**
 * Opens one of the demo pages (the tutorial's code) and records its console. Before the page's own scripts
 * run, RTCPeerConnection is subclassed to remember every instance, so a test can read getStats() from the
 * tutorial's connections without touching the tutorial's code.
 */
export async function openTutorialPage(browser: Browser, url: string): Promise<TutorialPage> {
  const page = await browser.newPage();
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  page.on('console', (msg: ConsoleMessage) => {
    lines.push(msg.text());
    waiters.forEach((w) => w());
  });
  await page.evaluateOnNewDocument(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { testPeerConnections: RTCPeerConnection[] }).testPeerConnections = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    };
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    console: lines,
    waitForConsole(text, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (lines.includes(text)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`console never showed ${JSON.stringify(text)}; it showed: ${JSON.stringify(lines)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Video frames decoded so far across every RTCPeerConnection of a tutorial page (inbound-rtp framesDecoded). */
export async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const pc of (window as unknown as { testPeerConnections: RTCPeerConnection[] }).testPeerConnections) {
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') total += s.framesDecoded ?? 0;
      });
    }
    return total;
  });
}

export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
