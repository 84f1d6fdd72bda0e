/** The "Browsers" section of the text report: where each browser was, its version, its pages and verdict. */
import type { ChalkInstance } from 'chalk';
import type { CallTestResult } from '../../core/call-test/result.js';
import { renderTable } from './format.js';
import { terminalText } from './terminal-safe.js';

/**
 * Shown when the run used more than one browser or one it did not launch; not in the network lab, whose two
 * browsers (one per side, launched here) its Network section already places.
 */
export function showBrowsers(result: Pick<CallTestResult, 'browsers' | 'network'>): boolean {
  return result.network === null && (result.browsers.length > 1 || result.browsers.some((b) => b.kind !== 'local'));
}

export function renderBrowsers(result: Pick<CallTestResult, 'browsers'>, c: ChalkInstance): string {
  const passed = result.browsers.filter((b) => b.verdict === 'pass').length;
  const rows = [
    ['#', 'via', 'host', 'version', 'receivers', 'senders', 'verdict'].map((h) => c.dim(h)),
    ...result.browsers.map((b) => [
      String(b.index),
      b.kind === 'local' ? 'launched here' : b.kind === 'cdp' ? 'DevTools' : 'WebDriver',
      // The version and host come from the remote browser or grid: untrusted text.
      terminalText(b.host, { maxChars: 80 }),
      terminalText(b.version, { maxChars: 60 }),
      String(b.receivers),
      String(b.senders),
      b.verdict === 'pass' ? c.green('pass') : c.red('fail'),
    ]),
  ];
  return `${c.bold(`Browsers (${passed} of ${result.browsers.length} passed)`)}\n${renderTable(rows, { indent: '  ' })}`;
}
