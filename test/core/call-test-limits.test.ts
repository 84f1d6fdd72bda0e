import { describe, expect, it } from 'vitest';
import { callTestOptions } from '../../src/core/call-test/call-test-options.js';
import { UsageError } from '../../src/core/errors.js';

describe('callTestOptions refuses values that can never pass (the library, as the CLI does)', () => {
  it.each([
    [{ durationMs: 0 }, 'durationMs must be at least 1000 (fps and bitrate are rates over this window), got 0'],
    [{ durationMs: 999 }, 'got 999'],
    [{ serialization: 'json', size: 12_190 } as const, 'size 12190 is too large for serialization json: PeerJS refuses JSON messages of 16300 bytes or more'],
    [{ serialization: 'raw', size: 300 * 1024 } as const, 'use size 262128 or less, or serialization binary'],
  ])('%j', (input, message) => {
    expect(() => callTestOptions(input)).toThrow(UsageError);
    expect(() => callTestOptions(input)).toThrow(message);
  });

  it.each([{}, { durationMs: 1000 }, { serialization: 'json', size: 12_189 } as const, { serialization: 'binary', size: 16 * 1024 * 1024 } as const])('accepts %j', (input) => {
    expect(() => callTestOptions(input)).not.toThrow();
  });
});
