/**
 * What `--browser` names: `chromium` (the default), `firefox`, or a path to either, told apart by what the
 * executable says its name is (`--version`: "Chromium 131…", "Google Chrome 131…", "Mozilla Firefox 153.8.0esr").
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { findBrowser, isExecutableFile, type BrowserCandidateSource } from './find-browser.js';
import { findFirefox } from './find-firefox.js';

export const BROWSER_KINDS = ['chromium', 'firefox'] as const;
export type BrowserKind = (typeof BROWSER_KINDS)[number];

export interface ResolvedBrowser {
  kind: BrowserKind;
  executablePath: string;
}

export interface BrowserResolver extends BrowserCandidateSource {
  /** The executable's `--version` line, or null when it could not be run. */
  versionOf: (file: string) => string | null;
}

const defaultResolver: BrowserResolver = { platform: process.platform, env: process.env, isExecutable: isExecutableFile, versionOf: readVersionLine };

/** `firefox` and `chromium` by name; anything with a path separator is a path; other words are a usage error. */
export function resolveBrowser(spec: string | undefined, resolver: BrowserResolver = defaultResolver): ResolvedBrowser {
  if (spec === undefined || spec === 'chromium' || spec === 'chrome') return { kind: 'chromium', executablePath: findBrowser(undefined, resolver) };
  if (spec === 'firefox') return { kind: 'firefox', executablePath: findFirefox(resolver) };
  if (!spec.includes('/') && !spec.includes('\\')) throw new UsageError(`--browser ${spec}: expected chromium, firefox or a path to a browser`);
  const executablePath = findBrowser(spec, resolver);
  return { kind: browserKindOf(executablePath, resolver.versionOf(executablePath)), executablePath };
}

/** Firefox says "Mozilla Firefox …"; when the version can't be read, the file's name decides; anything else is Chromium-family. */
export function browserKindOf(executablePath: string, versionLine: string | null): BrowserKind {
  if (versionLine !== null) return /firefox/i.test(versionLine) ? 'firefox' : 'chromium';
  return /firefox/i.test(path.basename(executablePath)) ? 'firefox' : 'chromium';
}

function readVersionLine(file: string): string | null {
  try {
    const out = execFileSync(file, ['--version'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, MOZ_HEADLESS: '1' } });
    return out.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
  } catch {
    return null;
  }
}

