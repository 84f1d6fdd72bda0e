import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { EnvironmentError, UsageError } from '../../src/core/errors.js';
import { matrixBrowsers, orderedPairs, MATRIX_SCHEMA_VERSION, type CallTestMatrixResult } from '../../src/core/call-test/run-matrix.js';
import { codecMismatch } from '../../src/core/codec.js';
import { parseBrowserFlags } from '../../src/cli/commands/call-test-browsers.js';
import { parseVideoCodec } from '../../src/cli/agent-options.js';
import { renderMatrix } from '../../src/cli/render/matrix-table.js';
import { sampleCallTestResult } from './fixtures.js';

describe('orderedPairs', () => {
  it('pairs every browser with every browser, sender first', () => {
    expect(orderedPairs(['chromium', 'firefox'])).toEqual([
      ['chromium', 'chromium'],
      ['chromium', 'firefox'],
      ['firefox', 'chromium'],
      ['firefox', 'firefox'],
    ]);
    expect(orderedPairs(['chromium'])).toEqual([['chromium', 'chromium']]);
  });
});

describe('matrixBrowsers', () => {
  const onlyChromium = (spec: string | undefined) => {
    if (spec === 'firefox') throw new EnvironmentError('no Firefox found (looked in /usr/bin/firefox-esr): install it');
    return { kind: 'chromium' as const, executablePath: '/usr/bin/chromium' };
  };
  it('with --matrix alone, pairs the browsers found and names the missing one', () => {
    expect(matrixBrowsers(null, onlyChromium)).toEqual({ browsers: ['chromium'], missing: [{ browser: 'firefox', reason: 'no Firefox found (looked in /usr/bin/firefox-esr): install it' }] });
  });
  it('a named browser that is missing is an environment error', () => {
    expect(() => matrixBrowsers(['chromium', 'firefox'], onlyChromium)).toThrow(EnvironmentError);
  });
  it('no browser at all is an environment error', () => {
    expect(() => matrixBrowsers(null, () => { throw new EnvironmentError('none'); })).toThrow(/--matrix: no browser found/);
  });
});

describe('parseBrowserFlags', () => {
  it.each([
    [{}, { browsers: undefined, matrix: null }],
    [{ browser: 'firefox' }, { browsers: undefined, matrix: null }],
    [{ senderBrowser: 'firefox' }, { browsers: { sender: { browserPath: 'firefox' }, receiver: { browserPath: undefined } }, matrix: null }],
    [{ browser: 'firefox', receiverBrowser: 'chromium' }, { browsers: { sender: { browserPath: 'firefox' }, receiver: { browserPath: 'chromium' } }, matrix: null }],
    [{ matrix: true }, { browsers: undefined, matrix: [] }],
    [{ matrix: 'chromium, firefox' }, { browsers: undefined, matrix: ['chromium', 'firefox'] }],
  ])('%o → %o', (flags, expected) => {
    expect(parseBrowserFlags(flags)).toEqual(expected);
  });

  it.each([
    [{ matrix: true, browser: 'firefox' }, '--matrix chooses each run\'s browsers itself: leave out --browser'],
    [{ matrix: 'firefox', senderBrowser: 'chromium' }, "--matrix chooses each run's browsers itself: leave out --sender-browser/--receiver-browser"],
    [{ matrix: true, junit: 'x.xml' }, "--matrix chooses each run's browsers itself: leave out --junit"],
    [{ matrix: ',' }, '--matrix: name browsers separated by commas, e.g. --matrix chromium,firefox, or give --matrix alone'],
    [{ matrix: 'firefox,firefox' }, '--matrix firefox,firefox: a browser is named twice'],
    [{ senderBrowser: 'firefox', network: 'nat' }, '--network chooses where each side runs: use --browser for both sides'],
  ])('%o is a usage error', (flags, message) => {
    expect(() => parseBrowserFlags(flags)).toThrow(new UsageError(message));
  });
});

describe('--codec', () => {
  it.each([['vp8', 'VP8'], ['H264', 'H264'], ['av1', 'AV1'], ['Vp9', 'VP9']])('%s → %s', (value, codec) => {
    expect(parseVideoCodec('--codec', value)).toBe(codec);
  });
  it('refuses other names, listing the choices', () => {
    expect(() => parseVideoCodec('--codec', 'h265')).toThrow(new UsageError('--codec h265: expected one of VP8, VP9, H264, AV1'));
  });
  it('a direction that used another codec than asked fails, by name', () => {
    const both = (a: string | null, b: string | null) => [['to the receiver', a], ['to the sender', b]] as const;
    expect(codecMismatch('VP9', both('video/VP9', 'video/VP9'))).toBeNull();
    expect(codecMismatch('VP9', both('video/VP8', 'video/VP9'))).toBe('--codec VP9: video/VP8 to the receiver');
    expect(codecMismatch('H264', both(null, 'video/VP8'))).toBe('--codec H264: no codec to the receiver, video/VP8 to the sender');
  });
});

describe('renderMatrix', () => {
  function matrix(): CallTestMatrixResult {
    const pass = sampleCallTestResult();
    const failed = sampleCallTestResult();
    failed.verdict = 'fail';
    failed.checks = failed.checks.map((k) => (k.name === 'video' ? { ...k, status: 'fail', error: '--codec H264: the sender\'s browser refused it' } : k));
    failed.metrics.video.toReceiver.codec = null;
    return {
      matrixSchemaVersion: MATRIX_SCHEMA_VERSION,
      browsers: ['chromium', 'firefox'],
      missing: [],
      verdict: 'fail',
      runs: [
        { sender: 'chromium', receiver: 'firefox', result: pass, error: null, verdict: 'pass' },
        { sender: 'firefox', receiver: 'chromium', result: failed, error: null, verdict: 'fail' },
        { sender: '/opt/ff/firefox', receiver: 'chromium', result: null, error: 'could not start the browser', verdict: 'fail' },
      ],
    };
  }
  const text = renderMatrix(matrix(), new Chalk({ level: 0 }));
  const lines = text.split('\n');

  it('one row per pair, with each check, fps and codec each way, RTT and throughput', () => {
    expect(lines[0]).toBe('✗ call-test matrix failed: 1 of 3 browser pairs passed');
    expect(lines[2]).toMatch(/^ {2}sender → receiver\s+signaling\s+data\s+video\s+hangup\s+first frame\s+fps →\s+fps ←\s+codec →\s+codec ←\s+RTT p50\s+throughput\s+verdict$/);
    expect(lines[3]).toMatch(/^ {2}chromium → firefox\s+✓\s+✓\s+✓\s+✓\s+\d+ ms\s+29\.6 fps\s+29\.2 fps\s+VP8\s+VP8\s+[\d.]+ ms\s+[\d.]+ MB\/s\s+pass$/);
    expect(lines[4]).toMatch(/^ {2}firefox → chromium\s+✓\s+✓\s+✗\s+✓ .*–\s+VP8 .*FAIL$/);
    expect(lines[5]).toMatch(/^ {2}firefox → chromium\s+✗\s+✗\s+✗\s+✗\s+–/);
  });

  it('says why each failed pair failed', () => {
    expect(text).toContain("  firefox → chromium: video: --codec H264: the sender's browser refused it");
    expect(text).toContain('  firefox → chromium: could not start the browser');
  });
});
