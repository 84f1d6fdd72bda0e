import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorsFor } from '../../src/cli/output.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('colorsFor', () => {
  it.each<[string | undefined, string | undefined, boolean, number]>([
    [undefined, undefined, true, 1],
    [undefined, undefined, false, 0],
    ['', undefined, true, 1],
    ['1', undefined, true, 0],
    ['1', '1', true, 0],
    [undefined, '1', false, 1],
  ])('NO_COLOR=%j FORCE_COLOR=%j isTTY=%s → level %i', (noColor, forceColor, isTTY, level) => {
    vi.stubEnv('NO_COLOR', noColor);
    vi.stubEnv('FORCE_COLOR', forceColor);
    const c = colorsFor({ isTTY });
    expect(c.level).toBe(level);
    expect(c.red('x') === 'x').toBe(level === 0);
  });
});
