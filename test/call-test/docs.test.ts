/**
 * docs/call-test-schema.md repeats the metric table and the default criteria for readers; these tests keep
 * it equal to the code, so the documentation cannot drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_ORDER, defaultCriteria } from '../../src/core/call-test/criteria.js';
import { METRIC_NAMES, METRICS } from '../../src/core/call-test/metrics.js';
import { CALL_TEST_SCHEMA_VERSION } from '../../src/core/call-test/result.js';
import { CALL_TEST_SCHEMA } from '../../src/core/call-test/schema.js';

const doc = readFileSync(new URL('../../docs/call-test-schema.md', import.meta.url), 'utf8');

describe('docs/call-test-schema.md', () => {
  it('lists exactly the registered metrics, in order, with unit, check and meaning', () => {
    const rows = [...doc.matchAll(/^\| `([a-zA-Z0-9.]+)` \| ([^|]+) \| ([a-z]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(rows).toEqual(METRIC_NAMES.map((n) => [n, METRICS[n].unit, METRICS[n].check, METRICS[n].description]));
  });

  // The --turn/--relay-only criterion follows the others in its own table.
  it('lists exactly the default criteria, then the relay one', () => {
    const rows = [...doc.matchAll(/^\| ([a-z]+) \| `([a-zA-Z0-9.]+) (\S+) ([^`]+)` \|/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    const messages = 123;
    const expected = defaultCriteria({ messages, relay: true }).map((c) => [
      METRICS[c.metric].check,
      c.metric,
      c.op,
      c.metric === 'data.delivered' ? '<--messages>' : String(c.expected),
    ]);
    expect(rows).toEqual(expected);
    expect(defaultCriteria({ messages }).find((c) => c.metric === 'data.delivered')?.expected).toBe(messages);
  });

  it('states the current schema version', () => {
    expect(doc).toContain(`currently **${CALL_TEST_SCHEMA_VERSION}**`);
  });

  it('documents every field of a per-second series entry, in the schema\'s order', () => {
    const fields = Object.keys(CALL_TEST_SCHEMA.$defs?.directionSecond?.properties ?? {});
    expect(fields.length).toBeGreaterThan(0);
    const table = doc.slice(doc.indexOf('`series.toReceiver[]` / `series.toSender[]`'));
    const rows = [...table.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]).slice(0, fields.length);
    expect(rows).toEqual(fields);
  });

  it('names every top-level field and every check', () => {
    for (const field of CALL_TEST_SCHEMA.required ?? []) expect(doc).toMatch(new RegExp(`\`${field}[\`.]`));
    for (const check of CHECK_ORDER) expect(doc).toContain(`\`${check}\``);
  });
});
