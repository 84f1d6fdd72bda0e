/**
 * Finding Firefox, the same way as Chromium (find-browser.ts): `--browser firefox` looks at FIREFOX_PATH,
 * then the usual install locations, and names every place it looked when none is there.
 */
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { describeLookedIn, isExecutableFile, type BrowserCandidateSource } from './find-browser.js';

export const FIREFOX_INSTALL_HINT =
  'install Firefox (Debian/Ubuntu: sudo apt-get install -y firefox-esr; Fedora: sudo dnf install firefox; macOS: brew install --cask firefox) ' +
  'or point to one with --browser <path> or FIREFOX_PATH';

export function knownFirefoxPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['Firefox.app/Contents/MacOS/firefox', 'Firefox Nightly.app/Contents/MacOS/firefox', 'Firefox Developer Edition.app/Contents/MacOS/firefox'];
    return [...apps.map((a) => `/Applications/${a}`), ...(env.HOME ? apps.map((a) => `${env.HOME}/Applications/${a}`) : [])];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => Boolean(r));
    return roots.map((root) => path.win32.join(root, 'Mozilla Firefox\\firefox.exe'));
  }
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr', '/usr/lib/firefox/firefox', '/snap/bin/firefox', '/opt/firefox/firefox'];
}

/** Returns the Firefox to use, or throws an EnvironmentError naming every place it looked. */
export function findFirefox(source: BrowserCandidateSource = { platform: process.platform, env: process.env, isExecutable: isExecutableFile }): string {
  const fromEnv = source.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!source.isExecutable(fromEnv)) throw new EnvironmentError(`FIREFOX_PATH=${fromEnv}: no executable browser there; ${FIREFOX_INSTALL_HINT}`);
    return fromEnv;
  }
  const known = knownFirefoxPaths(source.platform, source.env);
  const found = known.find((candidate) => source.isExecutable(candidate));
  if (!found) throw new EnvironmentError(`no Firefox found (looked in ${describeLookedIn(known)}): ${FIREFOX_INSTALL_HINT}`);
  return found;
}
