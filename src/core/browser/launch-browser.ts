/**
 * Launching a headless browser for the agents (Chromium over CDP, Firefox over WebDriver BiDi): fake camera
 * and microphone, a fresh profile that is removed afterwards, and the flags or prefs that keep it quiet on a
 * closed network. The returned handle owns the process and the profile; `close()` is safe to call more than
 * once and never throws.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../errors.js';
import { killProcessGroup, trackBrowserProcess, trackTempDir } from '../cleanup.js';
import { settlesWithin } from '../abort.js';
import type { BrowserKind } from './resolve-browser.js';
import { FIREFOX_AGENT_ENV, FIREFOX_AGENT_PREFS, firefoxCommandPrefix } from './launch-firefox.js';
import { profilePrefix, sweepOrphanedProfiles } from './profile-sweep.js';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  // Without these Chromium floods a closed network with refused connections (measured on this project's CI).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
  // Two agent pages share one browser; only one can be "visible". Keep the other's timers and media at full speed.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * A healthy Chromium closes in ~110 ms here; one with a hung renderer may never finish, and Ctrl-C must end the
 * command within a second, so after this long the browser's process group is killed instead.
 */
const CLOSE_WITHIN_MS = 400;
/** Where a browser runs, for reports: launched here, or reached at an endpoint (label without credentials). */
export interface BrowserLocation {
  kind: 'local' | 'cdp' | 'webdriver';
  host: string;
  endpoint: string | null;
}

export interface AgentBrowser {
  browser: Browser;
  kind: BrowserKind;
  version: string;
  location: BrowserLocation;
  /** Where agent pages open: the browser itself, or a browser context of our own in someone else's browser. */
  pages: Pick<Browser, 'newPage'>;
  /** Asks the browser's host whether it still runs, where losing it shows no other way (WebDriver). */
  isAlive?(): Promise<boolean>;
  close(): Promise<void>;
}

export interface LaunchAgentBrowserOptions {
  executablePath: string;
  /** Default chromium. */
  kind?: BrowserKind;
  acceptInsecureCerts?: boolean;
  /**
   * Run the browser through this command, e.g. `['/usr/sbin/ip', 'netns', 'exec', 'lab-lan-a']` to put it in
   * a network namespace. The prefix execs the browser in place, so puppeteer's pipe (fds 3 and 4) and the pid
   * it kills stay the browser's own.
   */
  commandPrefix?: string[];
  /** Flags added to CHROMIUM_FLAGS (Chromium only). */
  extraArgs?: string[];
  /** Where the temporary profile goes (default the system temp folder); the network lab keeps its own. */
  profileParent?: string;
}

export async function launchAgentBrowser(options: LaunchAgentBrowserOptions): Promise<AgentBrowser> {
  const kind = options.kind ?? 'chromium';
  const parent = options.profileParent ?? os.tmpdir();
  sweepOrphanedProfiles(parent);
  const profileDir = await mkdtemp(profilePrefix(parent));
  const untrackDir = trackTempDir(profileDir);
  let browser: Browser;
  try {
    const prefix = [...(kind === 'firefox' ? firefoxCommandPrefix() : []), ...(options.commandPrefix ?? [])];
    // puppeteer launches one executable: a two-line script in the (temporary) profile folder adds the prefix.
    const executablePath = prefix.length ? await writeLaunchScript(profileDir, [...prefix, options.executablePath]) : options.executablePath;
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profileDir,
      ...(kind === 'firefox'
        ? // WebDriver BiDi over a WebSocket: puppeteer has no pipe transport for Firefox.
          { browser: 'firefox' as const, extraPrefsFirefox: FIREFOX_AGENT_PREFS, env: { ...process.env, ...FIREFOX_AGENT_ENV } }
        : { pipe: true, args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])] }),
      acceptInsecureCerts: options.acceptInsecureCerts ?? false,
      // We own signal handling (main.ts): puppeteer's handlers would race ours.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: 60_000,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    untrackDir();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new EnvironmentError(`could not start the browser at ${options.executablePath}: ${reason}`);
  }
  const pid = browser.process()?.pid;
  const untrackPid = pid ? trackBrowserProcess(pid) : () => undefined;
  const version = await browser.version().catch(() => 'unknown');
  let closing: Promise<void> | null = null;
  return {
    browser,
    kind,
    version,
    location: { kind: 'local', host: os.hostname(), endpoint: null },
    pages: browser,
    close() {
      closing ??= (async () => {
        await settlesWithin(browser.close(), CLOSE_WITHIN_MS);
        // Chromium leads its own process group (puppeteer starts it detached); killing the group also ends a
        // renderer that is hung or stopped, which a browser killed alone would leave behind.
        if (pid) killProcessGroup(pid);
        untrackPid();
        await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
        untrackDir();
      })();
      return closing;
    },
  };
}

async function writeLaunchScript(dir: string, command: string[]): Promise<string> {
  const file = path.join(dir, 'rtcdemo-launch.sh');
  const quoted = command.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  await writeFile(file, `#!/bin/sh\nexec ${quoted} "$@"\n`, { mode: 0o700 });
  return file;
}
