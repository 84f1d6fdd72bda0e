import { describe, expect, it } from 'vitest';
import { FIREFOX_FAKE_MEDIA_PREFS, sessionCapabilities } from '../../src/core/browser/webdriver-session.js';
import { browserReports } from '../../src/core/call-test/browser-report.js';

describe('sessionCapabilities', () => {
  it('asks Chromium for BiDi, headless and the fake-media flags', () => {
    const body = sessionCapabilities({ browserName: 'chrome', chromiumArgs: ['--use-fake-device-for-media-stream'], acceptInsecureCerts: false }) as { capabilities: { alwaysMatch: Record<string, unknown> } };
    expect(body.capabilities.alwaysMatch).toEqual({
      browserName: 'chrome',
      webSocketUrl: true,
      acceptInsecureCerts: false,
      'goog:chromeOptions': { args: ['--headless=new', '--use-fake-device-for-media-stream'] },
    });
  });

  it('asks Firefox for its fake-media preferences instead of flags', () => {
    const body = sessionCapabilities({ browserName: 'firefox', chromiumArgs: ['--ignored'], acceptInsecureCerts: true }) as { capabilities: { alwaysMatch: Record<string, unknown> } };
    expect(body.capabilities.alwaysMatch['moz:firefoxOptions']).toEqual({ args: ['-headless'], prefs: FIREFOX_FAKE_MEDIA_PREFS });
    expect(body.capabilities.alwaysMatch['goog:chromeOptions']).toBeUndefined();
  });
});

describe('browserReports', () => {
  const at = (kind: 'local' | 'cdp' | 'webdriver', host: string) => ({ location: { kind, host, endpoint: kind === 'local' ? null : `x://${host}` }, version: 'v' });
  it('counts pages per browser and fails a browser with a failed pair', () => {
    const reports = browserReports([at('cdp', 'a:9222'), at('webdriver', 'b:4444')], [
      { receiverBrowser: 1, senderBrowser: 2, verdict: 'pass' },
      { receiverBrowser: 1, senderBrowser: 2, verdict: 'fail' },
    ]);
    expect(reports.map((r) => [r.index, r.kind, r.receivers, r.senders, r.verdict])).toEqual([
      [1, 'cdp', 2, 0, 'fail'],
      [2, 'webdriver', 0, 2, 'fail'],
    ]);
  });
});
