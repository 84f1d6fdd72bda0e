/**
 * The call-test result as JUnit XML, for CI systems that show test reports (GitLab, Jenkins, GitHub
 * reporters). One <testsuite> named "rtcdemo call-test" with one <testcase> per check, inside the common
 * <testsuites> root. Shape as read by the usual consumers: https://github.com/testmoapp/junitxml
 */
import type { CallTestResult, CheckResult, Criterion } from '../../core/call-test/result.js';
import { isMetricName, METRIC_NAMES, readMetric } from '../../core/call-test/metrics.js';
import { formatMetricValue } from './metric-values.js';

const SUITE_NAME = 'rtcdemo call-test';
const CLASS_NAME = 'rtcdemo.call-test';

export function renderJUnit(result: CallTestResult): string {
  const failures = result.checks.filter((c) => c.status === 'fail').length;
  const skipped = result.checks.filter((c) => c.status === 'skipped').length;
  const counts = { tests: result.checks.length, failures, errors: 0, skipped, time: seconds(result.harness.totalMs) };
  const suiteAttributes = attributes({ name: SUITE_NAME, ...counts, timestamp: result.startedAt });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'rtcdemo', ...counts })}>`,
    `  <testsuite${suiteAttributes}>`,
    '    <properties>',
    ...properties(result).map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    '    </properties>',
    ...result.checks.flatMap(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(check: CheckResult): string[] {
  const open = `    <testcase${attributes({ name: check.name, classname: CLASS_NAME, time: seconds(check.durationMs) })}`;
  if (check.status === 'pass') return [`${open}/>`];
  if (check.status === 'skipped') {
    return [`${open}>`, `      <skipped${attributes(check.error ? { message: check.error } : {})}/>`, '    </testcase>'];
  }
  const failed = check.criteria.filter((c) => !c.pass).map(describeCriterion);
  const problems = [...(check.error ? [`error: ${check.error}`] : []), ...failed];
  const message = problems.join('; ') || `${check.name} failed`;
  const body = check.criteria.map((c) => `${c.pass ? 'pass' : 'FAIL'} ${describeCriterion(c)}${c.source === 'expect' ? ' [--expect]' : ''}`);
  if (check.error) body.unshift(`error: ${check.error}`);
  return [
    `${open}>`,
    `      <failure${attributes({ message, type: check.error ? 'error' : 'criteria' })}>${escapeXml(body.join('\n'))}</failure>`,
    '    </testcase>',
  ];
}

/** `video.fps 8.2 fps (expected >= 10)` */
function describeCriterion(criterion: Criterion): string {
  const value = isMetricName(criterion.metric) ? formatMetricValue(criterion.metric, criterion.actual) : String(criterion.actual);
  return `${criterion.metric} ${value} (expected ${criterion.op} ${criterion.expected})`;
}

/** Run facts, then every measured metric under its --expect name, so a CI dashboard can chart them. */
function properties(result: CallTestResult): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['rtcdemo.version', result.tool.version],
    ['schemaVersion', String(result.schemaVersion)],
    ['verdict', result.verdict],
    ['browser', result.environment.browser ?? ''],
    ['platform', result.environment.platform],
    ['serialization', result.options.serialization],
    ['messages', String(result.options.messages)],
    ['messageBytes', String(result.options.size)],
    ['bulkBytes', String(result.options.bulkBytes)],
    ['durationMs', String(result.options.durationMs)],
  ];
  const metrics = METRIC_NAMES.flatMap((name): Array<[string, string]> => {
    const value = readMetric(name, result.metrics);
    return value === null ? [] : [[name, String(value)]];
  });
  return [...facts, ...metrics];
}

/** Seconds with millisecond precision, as JUnit's time attribute wants; 0 when not measured. */
function seconds(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '0' : (ms / 1000).toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

/**
 * Escapes text for element content. Characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/FFFF: https://www.w3.org/TR/xml/#charsets) become U+FFFD, since an error message from a
 * browser can contain anything.
 */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Escapes text for a double-quoted attribute: as content, plus newlines, carriage returns and tabs as
 * character references, which a parser would otherwise normalize to spaces (XML 1.0 §3.3.3).
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
