import { describe, expect, it } from 'vitest';
import { rateLimited } from '../../src/shared/rate-limit.js';

function fakeClock() {
  let time = 0;
  const timers: Array<{ at: number; run: () => void }> = [];
  return {
    now: () => time,
    setTimeout: (run: () => void, ms: number) => timers.push({ at: time + ms, run }),
    advance(ms: number) {
      time += ms;
      for (const timer of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
    pending: () => timers.length,
  };
}

describe('rateLimited', () => {
  it('passes up to max a second, counts the rest, and reports the count once the second is over', () => {
    const clock = fakeClock();
    const passed: number[] = [];
    const dropped: number[] = [];
    const limit = rateLimited<number>(3, (n) => passed.push(n), (count) => dropped.push(count), clock);
    for (let i = 0; i < 10; i++) limit(i);
    expect(passed).toEqual([0, 1, 2]);
    expect(dropped).toEqual([]);
    expect(clock.pending()).toBe(1); // one report scheduled, not one per dropped item
    clock.advance(1000);
    expect(dropped).toEqual([7]);
    for (let i = 10; i < 13; i++) limit(i);
    expect(passed).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it('reports nothing when nothing was dropped', () => {
    const clock = fakeClock();
    const dropped: number[] = [];
    const limit = rateLimited<number>(5, () => undefined, (count) => dropped.push(count), clock);
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 5; i++) limit(i);
      clock.advance(1000);
    }
    expect(dropped).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('starts a new second at the first item after a quiet spell', () => {
    const clock = fakeClock();
    const passed: number[] = [];
    const limit = rateLimited<number>(1, (n) => passed.push(n), () => undefined, clock);
    clock.advance(5_500);
    limit(1);
    clock.advance(600);
    limit(2); // same second as 1
    clock.advance(400);
    limit(3); // a new second
    expect(passed).toEqual([1, 3]);
  });
});
