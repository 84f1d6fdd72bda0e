/**
 * Launch or connect: the one place that decides where an agent's browser comes from. Every caller gets the
 * same AgentBrowser handle (the browser, its version and location, where pages open, a close() that never
 * throws), so sessions, placement and reports don't care which it was.
 */
import type { BrowserEndpoint } from './browser-endpoint.js';
import { connectAgentBrowser } from './connect-browser.js';
import { resolveBrowser } from './resolve-browser.js';
import { launchAgentBrowser, type AgentBrowser } from './launch-browser.js';

export interface BrowserChoice {
  /** Where the browser is; absent or `local` launches one here. */
  connect?: BrowserEndpoint;
  /** Local launches: `chromium` (default), `firefox` or a path to either (resolve-browser.ts). */
  browserPath?: string;
  extraArgs?: string[];
  acceptInsecureCerts?: boolean;
  /** Local launches: run the browser through this command (a network namespace: see launchAgentBrowser). */
  commandPrefix?: string[];
  /** Local launches: where the temporary profile goes. */
  profileParent?: string;
  /** Remote browsers we configure ourselves (WebDriver): origins to treat as secure. */
  secureOrigins?: string[];
}

export function isRemote(choice: Pick<BrowserChoice, 'connect'>): boolean {
  return choice.connect !== undefined && choice.connect.kind !== 'local';
}

/**
 * Checks what can be checked before anything starts (a missing local browser is reported at once) and
 * returns the starter.
 */
export function prepareAgentBrowser(choice: BrowserChoice): () => Promise<AgentBrowser> {
  const endpoint = choice.connect;
  if (endpoint && endpoint.kind !== 'local') {
    return () => connectAgentBrowser(endpoint, { acceptInsecureCerts: choice.acceptInsecureCerts, secureOrigins: choice.secureOrigins, extraArgs: choice.extraArgs });
  }
  const { kind, executablePath } = resolveBrowser(choice.browserPath);
  return () =>
    launchAgentBrowser({
      executablePath,
      kind,
      acceptInsecureCerts: choice.acceptInsecureCerts,
      extraArgs: choice.extraArgs,
      commandPrefix: choice.commandPrefix,
      profileParent: choice.profileParent,
    });
}
