import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import {
  findBrowser,
  INSTALL_HINT,
  isExecutableFile,
  knownBrowserPaths,
  type BrowserCandidateSource,
} from '../../src/core/browser/find-browser.js';

const LINUX_PATHS = knownBrowserPaths('linux', {});

/** A machine where exactly `executables` exist; records every path asked about. */
function machine(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, executables: string[]): BrowserCandidateSource & { asked: string[] } {
  const asked: string[] = [];
  const present = new Set(executables);
  return {
    platform,
    env,
    asked,
    isExecutable: (file) => {
      asked.push(file);
      return present.has(file);
    },
  };
}

function environmentErrorOf(fn: () => unknown): EnvironmentError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EnvironmentError);
  return thrown as EnvironmentError;
}

describe('findBrowser', () => {
  it('uses an explicit --browser path when it is executable', () => {
    const source = machine('linux', { CHROME_PATH: '/opt/chrome' }, ['/my/chrome', '/opt/chrome', '/usr/bin/chromium']);
    expect(findBrowser('/my/chrome', source)).toBe('/my/chrome');
    expect(source.asked).toEqual(['/my/chrome']);
  });

  it('does not fall back when the explicit path is missing: the error names it and says how to install one', () => {
    const source = machine('linux', { CHROME_PATH: '/opt/chrome' }, ['/opt/chrome', '/usr/bin/chromium']);
    const error = environmentErrorOf(() => findBrowser('/nonexistent/chrome', source));
    expect(error.message).toContain('--browser /nonexistent/chrome');
    expect(error.message).toContain(INSTALL_HINT);
    expect(error.exitCode).toBe(3);
  });

  it('prefers CHROME_PATH over the known install locations', () => {
    const source = machine('linux', { CHROME_PATH: '/opt/chrome' }, ['/opt/chrome', ...LINUX_PATHS]);
    expect(findBrowser(undefined, source)).toBe('/opt/chrome');
  });

  it('prefers CHROME_PATH over PUPPETEER_EXECUTABLE_PATH, and uses the latter alone', () => {
    const both = machine('linux', { CHROME_PATH: '/a/chrome', PUPPETEER_EXECUTABLE_PATH: '/b/chrome' }, ['/a/chrome', '/b/chrome']);
    expect(findBrowser(undefined, both)).toBe('/a/chrome');
    const puppeteerOnly = machine('linux', { PUPPETEER_EXECUTABLE_PATH: '/b/chrome' }, ['/b/chrome', ...LINUX_PATHS]);
    expect(findBrowser(undefined, puppeteerOnly)).toBe('/b/chrome');
  });

  it('ignores an empty CHROME_PATH', () => {
    const source = machine('linux', { CHROME_PATH: '' }, ['/usr/bin/chromium']);
    expect(findBrowser(undefined, source)).toBe('/usr/bin/chromium');
  });

  it('reports a CHROME_PATH pointing nowhere instead of silently using another browser', () => {
    const source = machine('linux', { CHROME_PATH: '/nowhere/chrome' }, LINUX_PATHS);
    const error = environmentErrorOf(() => findBrowser(undefined, source));
    expect(error.message).toContain('CHROME_PATH=/nowhere/chrome');
    expect(error.message).toContain(INSTALL_HINT);
  });

  it('reports a PUPPETEER_EXECUTABLE_PATH pointing nowhere by its name', () => {
    const source = machine('linux', { PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome' }, LINUX_PATHS);
    expect(environmentErrorOf(() => findBrowser(undefined, source)).message).toContain('PUPPETEER_EXECUTABLE_PATH=/nowhere/chrome');
  });

  it.each(LINUX_PATHS.map((_, i) => i))('on linux, takes the first known path present (only paths from #%i on exist)', (i) => {
    const source = machine('linux', {}, LINUX_PATHS.slice(i));
    expect(findBrowser(undefined, source)).toBe(LINUX_PATHS[i]);
  });

  it('on darwin, takes /Applications before ~/Applications and Chromium before Chrome', () => {
    const env = { HOME: '/Users/ada' };
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const homeChromium = '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findBrowser(undefined, machine('darwin', env, [homeChromium, chrome, chromium]))).toBe(chromium);
    expect(findBrowser(undefined, machine('darwin', env, [homeChromium, chrome]))).toBe(chrome);
    expect(findBrowser(undefined, machine('darwin', env, [homeChromium]))).toBe(homeChromium);
  });

  it('on win32, looks under Program Files, Program Files (x86), then LocalAppData, Chrome first', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const edge86 = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const localChrome = 'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(undefined, machine('win32', env, [localChrome, edge86, chrome]))).toBe(chrome);
    expect(findBrowser(undefined, machine('win32', env, [localChrome, edge86]))).toBe(edge86);
    expect(findBrowser(undefined, machine('win32', env, [localChrome]))).toBe(localChrome);
  });

  it.each<NodeJS.Platform>(['linux', 'darwin', 'win32'])('on %s with nothing installed, says how to install Chromium', (platform) => {
    const source = machine(platform, { HOME: '/home/ada', PROGRAMFILES: 'C:\\Program Files' }, []);
    const error = environmentErrorOf(() => findBrowser(undefined, source));
    expect(error.message).toContain('no Chromium or Chrome found');
    expect(error.message).toContain('apt-get install -y chromium');
    expect(source.asked).toEqual(knownBrowserPaths(platform, source.env));
  });
});

describe('knownBrowserPaths', () => {
  it('starts with the distribution Chromium on linux', () => {
    expect(LINUX_PATHS.slice(0, 2)).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser']);
  });

  it('has no home-folder apps on darwin without HOME', () => {
    const paths = knownBrowserPaths('darwin', {});
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('/Applications/'))).toBe(true);
    expect(knownBrowserPaths('darwin', { HOME: '/Users/ada' }).some((p) => p.startsWith('/Users/ada/Applications/'))).toBe(true);
  });

  it('skips unset roots on win32', () => {
    expect(knownBrowserPaths('win32', {})).toEqual([]);
    const paths = knownBrowserPaths('win32', { LOCALAPPDATA: 'C:\\L' });
    expect(paths).toEqual([
      'C:\\L\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\L\\Chromium\\Application\\chrome.exe',
      'C:\\L\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
  });
});

describe.skipIf(process.platform === 'win32')('isExecutableFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-find-browser-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is true only for an existing file with an execute bit', () => {
    const executable = path.join(dir, 'chrome');
    const plain = path.join(dir, 'readme');
    writeFileSync(executable, '#!/bin/sh\n');
    chmodSync(executable, 0o755);
    writeFileSync(plain, 'not a browser');
    chmodSync(plain, 0o644);
    expect(isExecutableFile(executable)).toBe(true);
    expect(isExecutableFile(plain)).toBe(false);
    expect(isExecutableFile(dir)).toBe(false);
    expect(isExecutableFile(path.join(dir, 'missing'))).toBe(false);
  });
});
