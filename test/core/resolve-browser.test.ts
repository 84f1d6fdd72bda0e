import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from '../../src/core/errors.js';
import { browserKindOf, resolveBrowser, type BrowserResolver } from '../../src/core/browser/resolve-browser.js';
import { findFirefox, FIREFOX_INSTALL_HINT, knownFirefoxPaths } from '../../src/core/browser/find-firefox.js';
import { knownBrowserPaths } from '../../src/core/browser/find-browser.js';
import { profileOwner, sweepOrphanedProfiles } from '../../src/core/browser/profile-sweep.js';

function machine(executables: Record<string, string | null>, env: NodeJS.ProcessEnv = {}): BrowserResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    platform: 'linux',
    env,
    asked,
    isExecutable: (file) => {
      asked.push(file);
      return file in executables;
    },
    versionOf: (file) => executables[file] ?? null,
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('resolveBrowser', () => {
  const both = { '/usr/bin/chromium': 'Chromium 131.0.6778.85 built on Debian', '/usr/bin/firefox-esr': 'Mozilla Firefox 153.8.0esr' };

  it.each([
    [undefined, 'chromium', '/usr/bin/chromium'],
    ['chromium', 'chromium', '/usr/bin/chromium'],
    ['firefox', 'firefox', '/usr/bin/firefox-esr'],
    ['/usr/bin/firefox-esr', 'firefox', '/usr/bin/firefox-esr'],
    ['/usr/bin/chromium', 'chromium', '/usr/bin/chromium'],
  ] as const)('--browser %s → %s at %s', (spec, kind, executablePath) => {
    expect(resolveBrowser(spec, machine(both))).toEqual({ kind, executablePath });
  });

  it('tells a path apart by its --version line, not its name', () => {
    const m = machine({ '/opt/b/browser': 'Mozilla Firefox 128.5.0esr', '/opt/c/browser': 'Google Chrome 131.0.6778.85' });
    expect(resolveBrowser('/opt/b/browser', m).kind).toBe('firefox');
    expect(resolveBrowser('/opt/c/browser', m).kind).toBe('chromium');
  });

  it('falls back to the file name when --version cannot be read', () => {
    expect(browserKindOf('/opt/firefox/firefox', null)).toBe('firefox');
    expect(browserKindOf('/opt/thing/chrome', null)).toBe('chromium');
  });

  it('FIREFOX_PATH wins over the usual places, and a wrong one says so', () => {
    expect(resolveBrowser('firefox', machine({ ...both, '/x/ff': 'Mozilla Firefox 140' }, { FIREFOX_PATH: '/x/ff' })).executablePath).toBe('/x/ff');
    const error = thrown(() => resolveBrowser('firefox', machine(both, { FIREFOX_PATH: '/nowhere/ff' })));
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe(`FIREFOX_PATH=/nowhere/ff: no executable browser there; ${FIREFOX_INSTALL_HINT}`);
  });

  it('without Firefox, names every place it looked and how to install it (exit 3)', () => {
    const m = machine({ '/usr/bin/chromium': 'Chromium 131' });
    const error = thrown(() => resolveBrowser('firefox', m));
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    for (const p of knownFirefoxPaths('linux', {})) expect(message).toContain(p);
    expect(message).toContain('apt-get install -y firefox-esr');
    expect(m.asked).toEqual(knownFirefoxPaths('linux', {}));
  });

  it('without Chromium, names every place it looked', () => {
    const message = (thrown(() => resolveBrowser('chromium', machine({}))) as Error).message;
    for (const p of knownBrowserPaths('linux', {})) expect(message).toContain(p);
  });

  it('refuses a word that is neither a browser nor a path (exit 2)', () => {
    const error = thrown(() => resolveBrowser('safari', machine(both)));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('--browser safari: expected chromium, firefox or a path to a browser');
  });
});

describe('findFirefox on other platforms', () => {
  it('looks in /Applications on macOS and Program Files on Windows', () => {
    expect(knownFirefoxPaths('darwin', {})[0]).toBe('/Applications/Firefox.app/Contents/MacOS/firefox');
    expect(knownFirefoxPaths('win32', { PROGRAMFILES: 'C:\\Program Files' })).toEqual(['C:\\Program Files\\Mozilla Firefox\\firefox.exe']);
    expect(findFirefox({ platform: 'darwin', env: {}, isExecutable: (f) => f.includes('Firefox.app') })).toBe('/Applications/Firefox.app/Contents/MacOS/firefox');
  });
});

describe('profile sweep', () => {
  it.each([
    ['rtcdemo-profile-1234-AbC12z', 1234],
    ['rtcdemo-profile-AbC12z', null],
    ['rtcdemo-profile-1234-AbC12', null],
    ['rtcdemo-lab-1234-1', null],
  ] as const)('%s is owned by %s', (name, owner) => {
    expect(profileOwner(name)).toBe(owner);
  });

  it("removes profiles whose owner is gone, and nothing else", () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-sweep-test-'));
    try {
      for (const name of ['rtcdemo-profile-111-aaaaaa', 'rtcdemo-profile-222-bbbbbb', 'rtcdemo-profile-cccccc', `rtcdemo-profile-${process.pid}-dddddd`, 'other']) mkdirSync(path.join(parent, name));
      const removed = sweepOrphanedProfiles(parent, (pid) => pid === 222);
      expect(removed).toEqual(['rtcdemo-profile-111-aaaaaa']);
      expect(existsSync(path.join(parent, 'rtcdemo-profile-222-bbbbbb'))).toBe(true);
      expect(existsSync(path.join(parent, 'rtcdemo-profile-cccccc'))).toBe(true);
      expect(existsSync(path.join(parent, `rtcdemo-profile-${process.pid}-dddddd`))).toBe(true);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
