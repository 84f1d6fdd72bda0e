import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { showBrowsers, renderBrowsers } from '../../src/cli/render/browsers-section.js';
import type { BrowserReport, NetworkReport } from '../../src/core/call-test/result.js';

const browser = (index: number, kind: BrowserReport['kind']): BrowserReport => ({
  index,
  kind,
  endpoint: kind === 'local' ? null : `http://10.0.0.${index}:9222`,
  host: kind === 'local' ? 'ci-runner' : `10.0.0.${index}:9222`,
  version: 'HeadlessChrome/131.0.6778.85',
  receivers: 1,
  senders: 1,
  verdict: 'pass',
});
const lab: NetworkReport = { profile: 'lan', addresses: { wan: '198.18.7.1', receiver: '10.7.1.2', sender: '10.7.2.2' }, iceServers: [], setupMs: 60, teardownMs: 30 };

describe('the Browsers section', () => {
  it.each<[string, BrowserReport[], NetworkReport | null, boolean]>([
    ['one browser launched here', [browser(1, 'local')], null, false],
    ['one --connect browser', [browser(1, 'cdp')], null, true],
    ['two browsers launched here (--connect local twice)', [browser(1, 'local'), browser(2, 'local')], null, true],
    ["the network lab's browser per side (its Network section places them)", [browser(1, 'local'), browser(2, 'local')], lab, false],
  ])('%s: shown %s', (_name, browsers, network, shown) => {
    expect(showBrowsers({ browsers, network })).toBe(shown);
  });

  it('names each browser, how it was reached and its verdict', () => {
    const text = renderBrowsers({ browsers: [browser(1, 'webdriver'), { ...browser(2, 'cdp'), verdict: 'fail' }] }, new Chalk({ level: 0 }));
    expect(text).toContain('Browsers (1 of 2 passed)');
    expect(text).toMatch(/1 +WebDriver +10\.0\.0\.1:9222/);
    expect(text).toMatch(/2 +DevTools +10\.0\.0\.2:9222 .* fail/);
  });
});
