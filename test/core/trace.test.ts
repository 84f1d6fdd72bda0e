import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentEventOf, createTraceMerger, type TraceEvent } from '../../src/core/trace.js';

const record = { kind: 'dropped', count: 1 } as const;
const at = (agent: string, time: number): TraceEvent => ({ type: 'trace', agent, at: time, record });

describe('agentEventOf', () => {
  it("makes a page's trace record a trace event of the family, labelled with the agent, at the page's time", () => {
    expect(agentEventOf('receiver', { type: 'trace', record, at: 7 })).toEqual({ type: 'trace', agent: 'receiver', at: 7, record });
  });

  it('wraps every other page event as an agent event', () => {
    const lost = { type: 'peer-disconnected', at: 8, retryInMs: 250, refusals: 0, serverSaid: null } as const;
    expect(agentEventOf('sender', lost)).toEqual({ type: 'agent', agent: 'sender', at: 8, event: lost });
  });
});

describe('createTraceMerger', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1000;
  });
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('puts two pages back in time order, holding each event briefly', () => {
    const out: TraceEvent[] = [];
    const merger = createTraceMerger((e) => out.push(e), { holdMs: 100, now: () => clock });
    merger.push(at('sender', 1000));
    merger.push(at('sender', 1010));
    merger.push(at('receiver', 1005)); // arrived late, happened in between
    expect(out).toEqual([]);
    advance(100);
    expect(out.map((e) => `${e.agent}@${e.at}`)).toEqual(['sender@1000']);
    advance(5);
    expect(out.map((e) => `${e.agent}@${e.at}`)).toEqual(['sender@1000', 'receiver@1005']);
    advance(5);
    expect(out.map((e) => e.at)).toEqual([1000, 1005, 1010]);
  });

  it('keeps arrival order among events at the same millisecond', () => {
    const out: TraceEvent[] = [];
    const merger = createTraceMerger((e) => out.push(e), { holdMs: 50, now: () => clock });
    merger.push(at('a', 1000));
    merger.push(at('b', 1000));
    merger.push(at('c', 1000));
    merger.close();
    expect(out.map((e) => e.agent)).toEqual(['a', 'b', 'c']);
  });

  it('passes an event already older than the hold at once', () => {
    const out: TraceEvent[] = [];
    const merger = createTraceMerger((e) => out.push(e), { holdMs: 100, now: () => clock });
    merger.push(at('a', 800));
    expect(out).toHaveLength(1);
  });

  it('holds at most maxHeld events, letting the oldest out first', () => {
    const out: TraceEvent[] = [];
    const merger = createTraceMerger((e) => out.push(e), { holdMs: 10_000, maxHeld: 3, now: () => clock });
    for (let i = 0; i < 10; i++) merger.push(at('a', 1000 + i));
    expect(out.map((e) => e.at)).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006]);
  });

  it('close() passes everything held, then lets later events straight through', () => {
    const out: TraceEvent[] = [];
    const merger = createTraceMerger((e) => out.push(e), { holdMs: 10_000, now: () => clock });
    merger.push(at('a', 1002));
    merger.push(at('b', 1001));
    merger.close();
    expect(out.map((e) => e.agent)).toEqual(['b', 'a']);
    merger.push(at('c', 900));
    expect(out.map((e) => e.agent)).toEqual(['b', 'a', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
