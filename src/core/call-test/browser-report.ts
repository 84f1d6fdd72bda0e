/** call-test's per-browser results: where each browser was, which pages it held, and whether its pairs passed. */
import type { AgentBrowser } from '../browser/launch-browser.js';
import type { BrowserReport, PairResult } from './result.js';

export function browserReports(browsers: ReadonlyArray<Pick<AgentBrowser, 'location' | 'version'>>, pairs: ReadonlyArray<Pick<PairResult, 'receiverBrowser' | 'senderBrowser' | 'verdict'>>): BrowserReport[] {
  return browsers.map((browser, i) => {
    const index = i + 1;
    const mine = pairs.filter((p) => p.receiverBrowser === index || p.senderBrowser === index);
    return {
      index,
      kind: browser.location.kind,
      endpoint: browser.location.endpoint,
      host: browser.location.host,
      version: browser.version,
      receivers: pairs.filter((p) => p.receiverBrowser === index).length,
      senders: pairs.filter((p) => p.senderBrowser === index).length,
      verdict: mine.every((p) => p.verdict === 'pass') ? 'pass' : 'fail',
    };
  });
}
