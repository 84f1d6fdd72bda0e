/**
 * `call-test --matrix`: the same call test for every ordered pair of browsers (sender → receiver), one after
 * the other (two browsers at a time is what a 2-core CI machine can run without skewing the numbers). Each run
 * puts the two sides in their own browser processes through call-test's browser-per-side mechanism
 * (side-sessions.ts). One overall verdict: pass only when every pair passes.
 */
import { resolveBrowser, type BrowserKind } from '../browser/resolve-browser.js';
import { EnvironmentError, isRtcdemoError } from '../errors.js';
import { runCallTest, type CallTestOptions } from './run-call-test.js';
import type { CallTestResult } from './result.js';

export const MATRIX_SCHEMA_VERSION = 1;

export interface MatrixRun {
  /** The --browser value of each side: chromium, firefox or a path. */
  sender: string;
  receiver: string;
  /** null when the run could not start (its error says why). */
  result: CallTestResult | null;
  error: string | null;
  verdict: 'pass' | 'fail';
}

export interface CallTestMatrixResult {
  matrixSchemaVersion: typeof MATRIX_SCHEMA_VERSION;
  /** The browsers paired, in order; with `--matrix` alone, those found on this machine. */
  browsers: string[];
  /** Asked-for browsers that were not found (only with `--matrix` alone), with the reason. */
  missing: Array<{ browser: string; reason: string }>;
  verdict: 'pass' | 'fail';
  runs: MatrixRun[];
}

/** Every ordered pair, sender first: [a,b] → a→a, a→b, b→a, b→b. */
export function orderedPairs<T>(items: readonly T[]): Array<[sender: T, receiver: T]> {
  return items.flatMap((sender) => items.map((receiver): [T, T] => [sender, receiver]));
}

/**
 * The browsers to pair. Named ones must all exist (a missing one is an EnvironmentError with its install
 * hint); with none named, every kind this machine has, and at least one.
 */
export function matrixBrowsers(named: string[] | null, resolve = resolveBrowser): { browsers: string[]; missing: CallTestMatrixResult['missing'] } {
  if (named) {
    for (const spec of named) resolve(spec);
    return { browsers: named, missing: [] };
  }
  const browsers: string[] = [];
  const missing: CallTestMatrixResult['missing'] = [];
  for (const kind of ['chromium', 'firefox'] satisfies BrowserKind[]) {
    try {
      resolve(kind);
      browsers.push(kind);
    } catch (error) {
      missing.push({ browser: kind, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (browsers.length === 0) throw new EnvironmentError(`--matrix: no browser found: ${missing.map((m) => m.reason).join('; ')}`);
  return { browsers, missing };
}

export async function runCallTestMatrix(options: CallTestOptions, named: string[] | null, onRun?: (sender: string, receiver: string) => void): Promise<CallTestMatrixResult> {
  const { browsers, missing } = matrixBrowsers(named);
  const runs: MatrixRun[] = [];
  for (const [sender, receiver] of orderedPairs(browsers)) {
    if (options.signal.aborted) break;
    onRun?.(sender, receiver);
    try {
      const result = await runCallTest({ ...options, browsers: { receiver: { browserPath: receiver }, sender: { browserPath: sender } } });
      runs.push({ sender, receiver, result, error: null, verdict: result.verdict });
    } catch (error) {
      // A signal ends the whole matrix; anything else fails this pair and the next one still runs.
      if (options.signal.aborted || !isRtcdemoError(error)) throw error;
      runs.push({ sender, receiver, result: null, error: error.message, verdict: 'fail' });
    }
  }
  return {
    matrixSchemaVersion: MATRIX_SCHEMA_VERSION,
    browsers,
    missing,
    verdict: runs.length === orderedPairs(browsers).length && runs.every((r) => r.verdict === 'pass') ? 'pass' : 'fail',
    runs,
  };
}
