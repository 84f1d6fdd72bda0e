/**
 * Pass criteria: the defaults, `--expect '<metric><op><value>'` from the user, and how they turn measured
 * metrics into per-check results and a verdict.
 *
 * Override rule: an --expect on a metric replaces every default criterion on that same metric (so the user
 * can loosen `video.fps>=10` to `video.fps>=5` on a slow runner); defaults on other metrics stay. Several
 * --expect on one metric all apply (`--expect 'data.rtt.p95>=0' --expect 'data.rtt.p95<50'`).
 */
import { UsageError } from '../errors.js';
import type { CallTestMetrics, CheckName, CheckResult, ComparisonOp, Criterion } from './result.js';
import { checkOfMetric, isMetricName, METRIC_NAMES, metricDefinition, readMetric, type MetricName } from './metrics.js';

export type Expectation = Omit<Criterion, 'actual' | 'pass' | 'source' | 'metric'> & { metric: MetricName };
export type SourcedExpectation = Expectation & { source: Criterion['source'] };

/** The order checks run in and are reported in. */
export const CHECK_ORDER: readonly CheckName[] = ['signaling', 'data', 'video', 'hangup'];

const EXAMPLE = "--expect 'data.rtt.p95<=50'";
const OPERATORS = '< <= > >= == !=';
// Longest operators first so `<=` is not read as `<` followed by `=5`. The wrong spellings are matched too,
// to answer them with the right one rather than with "malformed".
const SHAPE = /^([^<>=!\s]+)\s*(<=|>=|==|!=|=<|=>|<|>|=)\s*(.*)$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const NUMBER_WITH_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z/%]+)$/i;
const RESPELL: Record<string, ComparisonOp> = { '=': '==', '=<': '<=', '=>': '>=' };

export function parseExpectation(text: string): Expectation {
  const match = SHAPE.exec(text.trim());
  if (!match) {
    throw new UsageError(`--expect "${text}" is not <metric><operator><number>; write e.g. ${EXAMPLE} (operators: ${OPERATORS})`);
  }
  const [, name = '', rawOp = '', rawValue = ''] = match;
  const respelled = RESPELL[rawOp];
  if (respelled) throw new UsageError(`--expect "${text}": "${rawOp}" is not an operator; did you mean "${respelled}"? (operators: ${OPERATORS})`);
  if (!isMetricName(name)) throw new UsageError(unknownMetricMessage(text, name));
  const op = rawOp as ComparisonOp;
  const valueText = rawValue.trim();
  if (NUMBER.test(valueText)) return { metric: name, op, expected: Number(valueText) };
  const { unit } = metricDefinition(name);
  const withUnit = NUMBER_WITH_UNIT.exec(valueText);
  if (withUnit) {
    // Units are not parsed, to keep one spelling of each number: 0.05s vs 50ms would be a second way to be wrong.
    throw new UsageError(
      `--expect "${text}": write the value as a plain number without "${withUnit[2]}"; ${name} is measured in ${unit}, e.g. --expect '${name}${op}${withUnit[1]}'`,
    );
  }
  throw new UsageError(`--expect "${text}": "${valueText}" is not a number; write e.g. --expect '${name}${op}10' (${name} is measured in ${unit})`);
}

function unknownMetricMessage(text: string, name: string): string {
  const close = suggestMetrics(name);
  const hint = close.length ? ` Did you mean ${close.join(', ')}?` : '';
  return `--expect "${text}": unknown metric "${name}".${hint} \`rtcdemo call-test --help\` lists all metrics.`;
}

/**
 * Metric names close to `name`, case-insensitively: those containing it (`p95` → data.rtt.p95), then those
 * whose last segment contains its last segment (`signaling.openMs` → signaling.senderOpenMs,
 * `video.bitrate` → both bitrateKbps), then those within a small edit distance (`data.rtt.p90` → p50, p95, p99).
 */
export function suggestMetrics(name: string, limit = 4): MetricName[] {
  const wanted = name.toLowerCase();
  const wantedLast = lastSegment(wanted);
  const budget = Math.max(2, Math.floor(wanted.length / 3));
  return METRIC_NAMES.map((metric) => {
    const lower = metric.toLowerCase();
    const tier = wanted.length >= 2 && lower.includes(wanted) ? 0 : wantedLast.length >= 3 && lastSegment(lower).includes(wantedLast) ? 1 : 2;
    return { metric, tier, distance: editDistance(wanted, lower) };
  })
    .filter((c) => c.tier < 2 || c.distance <= budget)
    .sort((a, b) => a.tier - b.tier || a.distance - b.distance)
    .slice(0, limit)
    .map((c) => c.metric);
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Levenshtein distance, two-row dynamic programming. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * What a healthy run looks like. `>= 0` on a duration means "was measured": a null actual fails any criterion.
 * The thresholds are loose on purpose: this checks that WebRTC works on the machine, not how fast it is.
 */
export function defaultCriteria(options: { messages: number; relay?: boolean }): Expectation[] {
  return [
    { metric: 'signaling.receiverOpenMs', op: '>=', expected: 0 },
    { metric: 'signaling.senderOpenMs', op: '>=', expected: 0 },
    { metric: 'data.delivered', op: '==', expected: options.messages },
    { metric: 'data.lost', op: '==', expected: 0 },
    { metric: 'data.duplicated', op: '==', expected: 0 },
    { metric: 'data.reordered', op: '==', expected: 0 },
    { metric: 'data.corrupted', op: '==', expected: 0 },
    { metric: 'video.callToStreamMs', op: '<=', expected: 10_000 },
    { metric: 'video.toReceiver.framesDecoded', op: '>=', expected: 1 },
    { metric: 'video.toSender.framesDecoded', op: '>=', expected: 1 },
    { metric: 'video.fps', op: '>=', expected: 10 },
    { metric: 'hangup.detectMs', op: '<=', expected: 10_000 },
    // --turn and --relay-only: the call must really go through the TURN server, on both sides.
    ...(options.relay ? [{ metric: 'video.pairs.relay', op: '==', expected: 2 } as const] : []),
  ];
}

/** Applies the override rule above: defaults on metrics the user did not mention, then the user's. */
export function resolveCriteria(defaults: Expectation[], user: Expectation[]): SourcedExpectation[] {
  const overridden = new Set(user.map((e) => e.metric));
  return [
    ...defaults.filter((e) => !overridden.has(e.metric)).map((e) => ({ ...e, source: 'default' as const })),
    ...user.map((e) => ({ ...e, source: 'expect' as const })),
  ];
}

export function compare(actual: number, op: ComparisonOp, expected: number): boolean {
  switch (op) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

export function evaluateCriterion(expectation: SourcedExpectation, metrics: CallTestMetrics): Criterion {
  const actual = readMetric(expectation.metric, metrics);
  return { ...expectation, actual, pass: actual !== null && compare(actual, expectation.op, expectation.expected) };
}

/**
 * One result per check, in CHECK_ORDER. A check fails when it has an error or any criterion fails. A check
 * named in `skipped` (with the reason, e.g. "signaling failed") is 'skipped' whatever its criteria say; its
 * criteria are still evaluated so the JSON shows what would have been checked.
 */
export function evaluateChecks(
  metrics: CallTestMetrics,
  criteria: SourcedExpectation[],
  errors: Partial<Record<CheckName, string | null>>,
  durations: Partial<Record<CheckName, number | null>>,
  skipped: Partial<Record<CheckName, string>> = {},
): CheckResult[] {
  return CHECK_ORDER.map((name) => {
    const evaluated = criteria.filter((c) => checkOfMetric(c.metric) === name).map((c) => evaluateCriterion(c, metrics));
    const skipReason = skipped[name];
    const error = skipReason ?? errors[name] ?? null;
    const status = skipReason !== undefined ? 'skipped' : error !== null || evaluated.some((c) => !c.pass) ? 'fail' : 'pass';
    return { name, status, criteria: evaluated, error, durationMs: durations[name] ?? null };
  });
}

/** pass when no check failed and at least one passed: a run where everything was skipped proved nothing. */
export function verdictOf(checks: CheckResult[]): 'pass' | 'fail' {
  return checks.some((c) => c.status === 'pass') && !checks.some((c) => c.status === 'fail') ? 'pass' : 'fail';
}
