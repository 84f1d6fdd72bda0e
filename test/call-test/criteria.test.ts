import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  compare,
  defaultCriteria,
  evaluateChecks,
  parseExpectation,
  resolveCriteria,
  suggestMetrics,
  verdictOf,
  type Expectation,
} from '../../src/core/call-test/criteria.js';
import { METRIC_NAMES } from '../../src/core/call-test/metrics.js';
import type { CheckResult, ComparisonOp } from '../../src/core/call-test/result.js';
import { sampleCallTestResult } from './fixtures.js';

function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseExpectation', () => {
  it.each<[string, Expectation]>([
    ['data.rtt.p95<=50', { metric: 'data.rtt.p95', op: '<=', expected: 50 }],
    ['data.rtt.p95 <= 50', { metric: 'data.rtt.p95', op: '<=', expected: 50 }],
    ['  video.fps>=24  ', { metric: 'video.fps', op: '>=', expected: 24 }],
    ['video.fps>24', { metric: 'video.fps', op: '>', expected: 24 }],
    ['data.lost==0', { metric: 'data.lost', op: '==', expected: 0 }],
    ['data.lost!=3', { metric: 'data.lost', op: '!=', expected: 3 }],
    ['hangup.detectMs<2000', { metric: 'hangup.detectMs', op: '<', expected: 2000 }],
    ['data.throughputMBps>=1.5', { metric: 'data.throughputMBps', op: '>=', expected: 1.5 }],
    ['data.throughputMBps>=.5', { metric: 'data.throughputMBps', op: '>=', expected: 0.5 }],
    ['video.toSender.jitterMs<=3e1', { metric: 'video.toSender.jitterMs', op: '<=', expected: 30 }],
    ['video.toReceiver.packetsLost>=-1', { metric: 'video.toReceiver.packetsLost', op: '>=', expected: -1 }],
    ['video.toReceiver.width\t>=\t640', { metric: 'video.toReceiver.width', op: '>=', expected: 640 }],
  ])('%j', (text, expected) => {
    expect(parseExpectation(text)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', /is not <metric><operator><number>.*data\.rtt\.p95<=50/],
    ['data.rtt.p95', /is not <metric><operator><number>/],
    ['<=50', /is not <metric><operator><number>/],
    ['data.rtt.p95<=', /"" is not a number/],
    ['data.rtt.p95<=fast', /"fast" is not a number.*measured in ms/],
    ['data.rtt.p95<=5 0', /"5 0" is not a number/],
    ['data.rtt.p95<=50ms', /plain number without "ms".*data\.rtt\.p95 is measured in ms.*'data\.rtt\.p95<=50'/],
    ['video.fps>=10fps', /without "fps"/],
    ['data.throughputMBps>=2MB/s', /without "MB\/s".*measured in MB\/s/],
    ['data.lost=0', /"=" is not an operator; did you mean "=="/],
    ['data.lost=<0', /did you mean "<="/],
    ['data.lost=>0', /did you mean ">="/],
    ['data.lost<>0', /">0" is not a number/],
  ])('rejects %j', (text, message) => {
    expect(usageErrorOf(() => parseExpectation(text)).message).toMatch(message);
  });

  it.each<[string, string[]]>([
    ['data.rtt.p90<=5', ['data.rtt.p50', 'data.rtt.p95', 'data.rtt.p99']],
    ['p95<=5', ['data.rtt.p95']],
    ['rtt.p95<=5', ['data.rtt.p95']],
    ['fps>=10', ['video.fps', 'video.toReceiver.fps', 'video.toSender.fps']],
    ['video.toreceiver.fps>=10', ['video.toReceiver.fps']],
    ['data.loss==0', ['data.lost']],
    ['hangup.detectms<=5', ['hangup.detectMs']],
    ['signaling.openMs>=0', ['signaling.senderOpenMs', 'signaling.receiverOpenMs']],
    ['video.bitrate>=100', ['video.toReceiver.bitrateKbps', 'video.toSender.bitrateKbps']],
  ])('an unknown metric in %j suggests %j', (text, suggestions) => {
    const { message } = usageErrorOf(() => parseExpectation(text));
    expect(message).toContain(`unknown metric "${text.split(/[<>=!]/)[0]}"`);
    expect(message).toContain('rtcdemo call-test --help');
    for (const s of suggestions) expect(message).toContain(s);
  });

  it('suggests nothing for a name far from every metric, but still points at --help', () => {
    const { message } = usageErrorOf(() => parseExpectation('zzzzzzzzzz<1'));
    expect(message).not.toContain('Did you mean');
    expect(message).toContain('rtcdemo call-test --help');
  });

  it('suggests at most four names', () => {
    expect(suggestMetrics('video').length).toBeLessThanOrEqual(4);
  });

  it('parses every registered metric', () => {
    for (const name of METRIC_NAMES) expect(parseExpectation(`${name}>=0`).metric).toBe(name);
  });
});

describe('compare', () => {
  it.each<[number, ComparisonOp, number, boolean]>([
    [1, '<', 2, true], [2, '<', 2, false], [2, '<=', 2, true], [3, '<=', 2, false],
    [3, '>', 2, true], [2, '>', 2, false], [2, '>=', 2, true], [1, '>=', 2, false],
    [2, '==', 2, true], [2.5, '==', 2, false], [2, '!=', 2, false], [0, '!=', 2, true],
  ])('%d %s %d is %s', (a, op, b, expected) => {
    expect(compare(a, op, b)).toBe(expected);
  });
});

describe('defaultCriteria', () => {
  it('expects every message delivered', () => {
    expect(defaultCriteria({ messages: 250 })).toContainEqual({ metric: 'data.delivered', op: '==', expected: 250 });
  });

  it('covers every check', () => {
    const result = evaluateChecks(sampleCallTestResult().metrics, resolveCriteria(defaultCriteria({ messages: 100 }), []), {}, {});
    for (const check of result) expect(check.criteria.length, check.name).toBeGreaterThan(0);
  });

  it('passes the sample run', () => {
    const checks = evaluateChecks(sampleCallTestResult().metrics, resolveCriteria(defaultCriteria({ messages: 100 }), []), {}, {});
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(verdictOf(checks)).toBe('pass');
  });
});

describe('resolveCriteria', () => {
  const defaults = defaultCriteria({ messages: 100 });

  it('marks defaults as such when there is no --expect', () => {
    const resolved = resolveCriteria(defaults, []);
    expect(resolved).toHaveLength(defaults.length);
    expect(resolved.every((c) => c.source === 'default')).toBe(true);
  });

  it('lets an --expect replace the default on the same metric, and only that one', () => {
    const resolved = resolveCriteria(defaults, [parseExpectation('video.fps>=5')]);
    expect(resolved.filter((c) => c.metric === 'video.fps')).toEqual([{ metric: 'video.fps', op: '>=', expected: 5, source: 'expect' }]);
    expect(resolved).toHaveLength(defaults.length);
  });

  it('adds an --expect on a metric without a default', () => {
    const resolved = resolveCriteria(defaults, [parseExpectation('data.rtt.p95<=50')]);
    expect(resolved).toHaveLength(defaults.length + 1);
    expect(resolved.at(-1)).toEqual({ metric: 'data.rtt.p95', op: '<=', expected: 50, source: 'expect' });
  });

  it('keeps several --expect on one metric (a range)', () => {
    const resolved = resolveCriteria(defaults, [parseExpectation('video.fps>=5'), parseExpectation('video.fps<=60')]);
    expect(resolved.filter((c) => c.metric === 'video.fps').map((c) => c.op)).toEqual(['>=', '<=']);
  });
});

describe('evaluateChecks', () => {
  const criteria = () => resolveCriteria(defaultCriteria({ messages: 100 }), []);

  it('orders checks signaling, data, video, hangup, whatever the criteria order', () => {
    const reversed = [...criteria()].reverse();
    expect(evaluateChecks(sampleCallTestResult().metrics, reversed, {}, {}).map((c) => c.name)).toEqual(['signaling', 'data', 'video', 'hangup']);
  });

  it('fails a check whose criterion fails, and records actual values', () => {
    const m = sampleCallTestResult().metrics;
    m.video.fps = 8.2;
    const video = evaluateChecks(m, criteria(), {}, {}).find((c) => c.name === 'video')!;
    expect(video.status).toBe('fail');
    expect(video.criteria.find((c) => c.metric === 'video.fps')).toEqual({
      metric: 'video.fps', op: '>=', expected: 10, actual: 8.2, pass: false, source: 'default',
    });
  });

  it('fails a criterion whose metric was not measured, whatever the operator', () => {
    const m = sampleCallTestResult().metrics;
    m.hangup.detectMs = null;
    m.data.rtt.p95 = null;
    const checks = evaluateChecks(m, resolveCriteria(defaultCriteria({ messages: 100 }), [parseExpectation('data.rtt.p95!=1')]), {}, {});
    expect(checks.find((c) => c.name === 'hangup')).toMatchObject({ status: 'fail', criteria: [{ actual: null, pass: false }] });
    expect(checks.find((c) => c.name === 'data')?.criteria.at(-1)).toMatchObject({ metric: 'data.rtt.p95', actual: null, pass: false });
  });

  it('fails a check with an error even when its criteria pass', () => {
    const checks = evaluateChecks(sampleCallTestResult().metrics, criteria(), { data: 'message 3 was not acknowledged within 5 s', video: null }, {});
    expect(checks.map((c) => [c.name, c.status, c.error])).toEqual([
      ['signaling', 'pass', null],
      ['data', 'fail', 'message 3 was not acknowledged within 5 s'],
      ['video', 'pass', null],
      ['hangup', 'pass', null],
    ]);
  });

  it('marks skipped checks with their reason, whatever their criteria say', () => {
    const m = sampleCallTestResult().metrics;
    m.hangup.detectMs = null;
    const hangup = evaluateChecks(m, criteria(), {}, {}, { hangup: 'video failed' }).at(-1)!;
    expect(hangup).toMatchObject({ name: 'hangup', status: 'skipped', error: 'video failed' });
    expect(hangup.criteria).toHaveLength(1);
  });

  it('carries durations, null when unknown', () => {
    const checks = evaluateChecks(sampleCallTestResult().metrics, criteria(), {}, { signaling: 45, data: null });
    expect(checks.map((c) => c.durationMs)).toEqual([45, null, null, null]);
  });

  it('passes a check with no criteria and no error', () => {
    expect(evaluateChecks(sampleCallTestResult().metrics, [], {}, {}).map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});

describe('verdictOf', () => {
  const check = (status: CheckResult['status']): CheckResult => ({ name: 'data', status, criteria: [], error: null, durationMs: null });
  it.each<[CheckResult['status'][], 'pass' | 'fail']>([
    [['pass', 'pass', 'pass', 'pass'], 'pass'],
    [['pass', 'fail', 'pass', 'pass'], 'fail'],
    [['pass', 'skipped', 'skipped', 'skipped'], 'pass'],
    [['fail', 'skipped', 'skipped', 'skipped'], 'fail'],
    [['skipped', 'skipped', 'skipped', 'skipped'], 'fail'],
    [[], 'fail'],
  ])('%j → %s', (statuses, verdict) => {
    expect(verdictOf(statuses.map(check))).toBe(verdict);
  });
});
