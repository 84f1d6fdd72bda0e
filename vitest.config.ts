import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests drive real Chromium on a 2-core machine: one file at a time keeps timings honest
    // and memory bounded. Unit files are fast enough that running them serially costs little.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
