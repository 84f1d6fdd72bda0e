import { describe, expect, it } from 'vitest';
import { parseBrowserEndpoint } from '../../src/core/browser/browser-endpoint.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseBrowserEndpoint', () => {
  it.each([
    ['--connect', 'ws://10.0.0.7:9222/devtools/browser/abc', { kind: 'cdp', url: 'ws://10.0.0.7:9222/devtools/browser/abc', label: 'ws://10.0.0.7:9222/devtools/browser/abc', host: '10.0.0.7:9222' }],
    ['--connect', 'http://10.0.0.7:9222', { kind: 'cdp', url: 'http://10.0.0.7:9222/', label: 'http://10.0.0.7:9222', host: '10.0.0.7:9222' }],
    // browserless puts its token in the query: it never reaches a report
    ['--connect', 'wss://chrome.example.com?token=s3cret', { kind: 'cdp', url: 'wss://chrome.example.com/?token=s3cret', label: 'wss://chrome.example.com?…', host: 'chrome.example.com:443' }],
    ['--connect', 'webdriver+http://grid:4444', { kind: 'webdriver', url: 'http://grid:4444', label: 'webdriver+http://grid:4444', host: 'grid:4444', browserName: 'chrome' }],
    ['--connect', 'webdriver+https://u:key@hub.example.com/wd/hub/', { kind: 'webdriver', url: 'https://u:key@hub.example.com/wd/hub', label: 'webdriver+https://hub.example.com/wd/hub/', host: 'hub.example.com:443' }],
    ['--webdriver', 'http://[fd00::8]:4444?browserName=firefox', { kind: 'webdriver', url: 'http://[fd00::8]:4444', host: '[fd00::8]:4444', browserName: 'firefox' }],
    ['--connect', 'local', { kind: 'local', label: 'local' }],
  ])('%s %s', (flag, text, expected) => {
    expect(parseBrowserEndpoint(flag, text)).toMatchObject(expected);
  });

  it.each([
    ['--connect', 'chromium', 'not a URL'],
    ['--connect', 'ftp://host:21', 'unsupported scheme ftp'],
    ['--webdriver', 'ws://grid:4444', 'unsupported scheme ws'],
    ['--connect', 'webdriver+http://grid:4444?token=x', 'no query other than ?browserName='],
  ])('%s %s is a usage error naming the problem', (flag, text, mention) => {
    expect(() => parseBrowserEndpoint(flag, text)).toThrow(UsageError);
    expect(() => parseBrowserEndpoint(flag, text)).toThrow(mention);
  });
});

describe('the library takes the same endpoints', () => {
  it('parses connect, listen and publicUrl in callTestOptions, and refuses what the CLI refuses', async () => {
    const { callTestOptions } = await import('../../src/core/call-test/call-test-options.js');
    const options = callTestOptions({ connect: ['webdriver+http://10.0.0.8:4444', 'http://10.0.0.7:9222'], listen: '10.0.0.5', placement: 'round-robin' });
    expect(options.endpoints?.map((e) => e.kind)).toEqual(['webdriver', 'cdp']);
    expect(options).toMatchObject({ listen: '10.0.0.5', placement: 'round-robin' });
    expect(() => callTestOptions({ connect: ['chromium'] })).toThrow('connect chromium: not a URL');
    expect(() => callTestOptions({ listen: 'http://x' })).toThrow(UsageError);
  });
});
