import { describe, expect, it } from 'vitest';
import { waterfallRows } from '../../../../src/cli/render/html-report/waterfall.js';
import type { PhaseName, TimelineEntry } from '../../../../src/core/call-test/result.js';
import { sampleCallTestResult } from '../../../call-test/fixtures.js';

const timeline = (pairs: Array<[PhaseName, number]>): TimelineEntry[] => pairs.map(([phase, atMs]) => ({ phase, atMs }));

describe('waterfallRows', () => {
  it('makes a bar per stage from the phase marks of a full run', () => {
    const rows = waterfallRows(sampleCallTestResult().timeline);
    expect(rows.map((r) => r.label)).toContain('media window');
    for (const row of rows) {
      expect(row.endMs, row.label).not.toBeNull();
      expect(row.endMs!).toBeGreaterThanOrEqual(row.startMs!);
    }
  });

  it('measures a stage from the last of its preconditions', () => {
    const rows = waterfallRows(timeline([['server-listening', 10], ['browser-launched', 600], ['pages-ready', 900], ['receiver-open', 950], ['sender-open', 980], ['data-connection-open', 1100]]));
    expect(rows.find((r) => r.label === 'agent pages')).toMatchObject({ startMs: 600, endMs: 900 });
    expect(rows.find((r) => r.label === 'data connection')).toMatchObject({ startMs: 980, endMs: 1100 });
  });

  it('keeps a stage that began but never ended as not reached, and drops those that never began', () => {
    const rows = waterfallRows(timeline([['server-listening', 10], ['browser-launched', 600], ['pages-ready', 900], ['receiver-open', 950], ['teardown-done', 16000]]));
    expect(rows.find((r) => r.label === 'sender registers')).toMatchObject({ startMs: 900, endMs: null });
    expect(rows.find((r) => r.label === 'data connection')).toBeUndefined();
    expect(rows.find((r) => r.label === 'teardown')).toMatchObject({ startMs: 950, endMs: 16000 });
  });

  it('has no server stage when call-test used an external --server', () => {
    const rows = waterfallRows(timeline([['browser-launched', 600]]), { externalServer: true });
    expect(rows.map((r) => r.label)).not.toContain('signaling server');
  });
});
