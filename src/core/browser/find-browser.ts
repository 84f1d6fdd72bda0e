/**
 * Finding a Chromium-family browser: `--browser <path>`, then CHROME_PATH (and PUPPETEER_EXECUTABLE_PATH),
 * then the usual install locations. puppeteer-core does not download one, and on a closed network nothing
 * could, so when none is found the user gets one line saying how to install one.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface BrowserCandidateSource {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  isExecutable: (file: string) => boolean;
}

export const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) ' +
  'or Google Chrome, or point to one with --browser <path> or CHROME_PATH';

export function knownBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return [...apps.map((a) => `/Applications/${a}`), ...(env.HOME ? apps.map((a) => `${env.HOME}/Applications/${a}`) : [])];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    const rel = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return roots.flatMap((root) => rel.map((r) => path.win32.join(root, r)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/usr/lib/chromium/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the Chromium to use, or throws an EnvironmentError naming what was tried. */
export function findBrowser(
  explicit: string | undefined,
  source: BrowserCandidateSource = { platform: process.platform, env: process.env, isExecutable: isExecutableFile },
): string {
  if (explicit) {
    if (!source.isExecutable(explicit)) throw new EnvironmentError(`--browser ${explicit}: no executable browser there; ${INSTALL_HINT}`);
    return explicit;
  }
  for (const variable of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = source.env[variable];
    if (value) {
      if (!source.isExecutable(value)) throw new EnvironmentError(`${variable}=${value}: no executable browser there; ${INSTALL_HINT}`);
      return value;
    }
  }
  const known = knownBrowserPaths(source.platform, source.env);
  const found = known.find((candidate) => source.isExecutable(candidate));
  if (!found) throw new EnvironmentError(`no Chromium or Chrome found (looked in ${describeLookedIn(known)}): ${INSTALL_HINT}`);
  return found;
}

/** Every place looked in, as @puppeteer/browsers does: the user sees at once whether theirs was among them. */
export function describeLookedIn(paths: string[]): string {
  return paths.length === 0 ? 'no usual place on this platform' : paths.join(', ');
}
