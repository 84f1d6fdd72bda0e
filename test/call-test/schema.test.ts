import { describe, expect, it } from 'vitest';
import { CALL_TEST_SCHEMA, validateCallTestResult, type JsonSchema } from '../../src/core/call-test/schema.js';
import { sampleCallTestResult } from './fixtures.js';

// The tests below damage parsed JSON at arbitrary depths, which is what `any` is for.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

/** The sample as a consumer receives it: parsed JSON, freely editable. */
function sampleJson(): LooseJson {
  return JSON.parse(JSON.stringify(sampleCallTestResult())) as LooseJson;
}

/** Every property path in `value` that the schema does not describe (catches a field added to the type only). */
function undescribed(schema: JsonSchema, value: unknown, path: string): string[] {
  if (schema.$ref) return undescribed(CALL_TEST_SCHEMA.$defs![schema.$ref.replace('#/$defs/', '')]!, value, path);
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => undescribed(schema.items!, v, `${path}[${i}]`)) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const sub = schema.properties?.[key];
    return sub ? undescribed(sub, v, `${path}.${key}`) : [`${path}.${key}`];
  });
}

describe('CALL_TEST_SCHEMA', () => {
  it('is draft 2020-12 and serializes to JSON unchanged', () => {
    expect(CALL_TEST_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(JSON.parse(JSON.stringify(CALL_TEST_SCHEMA))).toEqual(CALL_TEST_SCHEMA);
  });

  it('describes every field of a full result', () => {
    expect(undescribed(CALL_TEST_SCHEMA, sampleJson(), 'result')).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(CALL_TEST_SCHEMA).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(CALL_TEST_SCHEMA.$defs).toHaveProperty([name]);
    expect(JSON.stringify(CALL_TEST_SCHEMA).match(/"\$ref"/g)).toHaveLength(refs.length); // all local
  });
});

describe('validateCallTestResult', () => {
  it('accepts the full sample', () => {
    expect(validateCallTestResult(sampleJson())).toEqual([]);
  });

  it('accepts a result where everything optional is null', () => {
    const r = sampleJson();
    r.environment.browser = null;
    r.metrics.signaling = { receiverOpenMs: null, senderOpenMs: null };
    r.metrics.data.rtt = { p50: null, p95: null, p99: null, max: null, mean: null, samples: 0 };
    r.metrics.video.candidatePair = null;
    r.metrics.audio = { toReceiver: null, toSender: null };
    r.metrics.video.toSender = { fps: null, framesDecoded: 0, width: null, height: null, bitrateKbps: null, packetsLost: 0, jitterMs: null, freezes: 0, codec: null };
    r.checks[0].criteria[0].actual = null;
    r.checks[0].error = 'timed out';
    r.checks[0].durationMs = null;
    expect(validateCallTestResult(r)).toEqual([]);
  });

  it('accepts fields it does not know (a newer minor release)', () => {
    const r = sampleJson();
    r.metrics.data.extra = 1;
    r.newTopLevel = { anything: true };
    expect(validateCallTestResult(r)).toEqual([]);
  });

  it.each<[string, (r: LooseJson) => void, string[]]>([
    ['a missing top-level field', (r) => delete r.verdict, ['result.verdict: missing']],
    ['a missing nested field', (r) => delete r.metrics.data.rtt.p95, ['result.metrics.data.rtt.p95: missing']],
    ['a missing field in a $ref', (r) => delete r.metrics.video.toSender.codec, ['result.metrics.video.toSender.codec: missing']],
    ['a missing audio field', (r) => delete r.metrics.audio.toReceiver.concealedSamples, ['result.metrics.audio.toReceiver.concealedSamples: missing']],
    ['a string for an audio level', (r) => (r.metrics.audio.toReceiver.audioLevel = 'loud'), ['result.metrics.audio.toReceiver.audioLevel: expected number or null, got string']],
    ['a missing field in an array item', (r) => delete r.checks[2].criteria[1].pass, ['result.checks[2].criteria[1].pass: missing']],
    ['a string for a number', (r) => (r.metrics.data.rtt.p50 = '1.2'), ['result.metrics.data.rtt.p50: expected number or null, got string']],
    ['null where null is not allowed', (r) => (r.metrics.data.sent = null), ['result.metrics.data.sent: expected integer, got null']],
    ['a fraction for an integer', (r) => (r.metrics.data.lost = 0.5), ['result.metrics.data.lost: expected integer, got 0.5 (not an integer)']],
    ['an unknown enum value', (r) => (r.verdict = 'maybe'), ['result.verdict: expected one of "pass", "fail", got "maybe"']],
    ['an unknown phase', (r) => (r.timeline[0].phase = 'warp'), ['result.timeline[0].phase: expected one of']],
    ['an unknown check name', (r) => (r.checks[0].name = 'audio'), ['result.checks[0].name: expected one of']],
    ['an unknown operator', (r) => (r.checks[0].criteria[0].op = '=~'), ['result.checks[0].criteria[0].op: expected one of']],
    ['another schema version', (r) => (r.schemaVersion = 2), ['result.schemaVersion: expected 3, got 2']],
    ['a series entry without its fps', (r) => delete r.metrics.video.series.toSender[1].fps, ['result.metrics.video.series.toSender[1].fps: missing']],
    ['a fraction of a lost packet in a series', (r) => (r.metrics.video.series.toReceiver[0].packetsLost = 0.5), ['result.metrics.video.series.toReceiver[0].packetsLost: expected integer']],
    ['another tool', (r) => (r.tool.name = 'other'), ['result.tool.name: expected "rtcdemo", got "other"']],
    ['an object for an array', (r) => (r.checks = {}), ['result.checks: expected array, got object']],
    ['an array for an object', (r) => (r.metrics.video.candidatePair = []), ['result.metrics.video.candidatePair: expected object or null, got array']],
    ['a boolean for a string', (r) => (r.metrics.video.toReceiver.codec = true), ['result.metrics.video.toReceiver.codec: expected string or null, got boolean']],
    [
      'several problems at once',
      (r) => {
        delete r.harness.totalMs;
        r.options.serialization = 'xml';
      },
      ['result.options.serialization: expected one of', 'result.harness.totalMs: missing'],
    ],
  ])('reports %s', (_name, damage, expected) => {
    const r = sampleJson();
    damage(r);
    const problems = validateCallTestResult(r);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((prefix, i) => expect(problems[i]).toContain(prefix));
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a string', '{}'],
  ])('rejects %s as the whole document', (_name, value) => {
    expect(validateCallTestResult(value)).toEqual([expect.stringMatching(/^result: expected object, got /)]);
  });

  it('reports every missing field of an empty object', () => {
    expect(validateCallTestResult({})).toEqual(
      ['schemaVersion', 'tool', 'startedAt', 'environment', 'options', 'verdict', 'checks', 'timeline', 'metrics', 'harness', 'pairs', 'network', 'browsers'].map((k) => `result.${k}: missing`),
    );
  });
});
