/**
 * call-test's browser flags: `--browser` for both sides, `--sender-browser` / `--receiver-browser` for one
 * side each (two browser processes, through call-test's browser-per-side mechanism), and `--matrix` for every
 * ordered pair. What they may be combined with is checked here, before anything starts.
 */
import { UsageError } from '../../core/errors.js';
import type { SideBrowsers } from '../../core/call-test/side-sessions.js';

export interface BrowserFlags {
  browser?: string;
  senderBrowser?: string;
  receiverBrowser?: string;
  /** `--matrix` alone is true; `--matrix chromium,firefox` the list. */
  matrix?: string | boolean;
  network?: string;
  junit?: string;
  pairs?: string;
}

export interface BrowserChoice {
  /** Each side's own browser, when --sender-browser or --receiver-browser was given. */
  browsers: SideBrowsers | undefined;
  /** null: no matrix; [] the browsers found here; else the named ones. */
  matrix: string[] | null;
}

export function parseBrowserFlags(flags: BrowserFlags): BrowserChoice {
  const perSide = flags.senderBrowser !== undefined || flags.receiverBrowser !== undefined;
  if (flags.matrix !== undefined && flags.matrix !== false) {
    const clash = [flags.browser !== undefined && '--browser', perSide && '--sender-browser/--receiver-browser', flags.network !== undefined && '--network', flags.junit !== undefined && '--junit']
      .filter(Boolean)
      .join(', ');
    if (clash) throw new UsageError(`--matrix chooses each run's browsers itself: leave out ${clash}`);
    if (flags.matrix === true) return { browsers: undefined, matrix: [] };
    const named = flags.matrix.split(',').map((s) => s.trim()).filter(Boolean);
    if (named.length === 0) throw new UsageError('--matrix: name browsers separated by commas, e.g. --matrix chromium,firefox, or give --matrix alone');
    if (new Set(named).size !== named.length) throw new UsageError(`--matrix ${flags.matrix}: a browser is named twice`);
    return { browsers: undefined, matrix: named };
  }
  if (!perSide) return { browsers: undefined, matrix: null };
  if (flags.network !== undefined) throw new UsageError('--network chooses where each side runs: use --browser for both sides');
  return {
    browsers: { sender: { browserPath: flags.senderBrowser ?? flags.browser }, receiver: { browserPath: flags.receiverBrowser ?? flags.browser } },
    matrix: null,
  };
}
