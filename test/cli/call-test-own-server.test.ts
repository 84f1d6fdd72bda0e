/**
 * call-test starts its own signaling server while it looks for the browser. When the browser is missing,
 * the server must still be closed. The server module is replaced by a fake that comes up one event-loop turn
 * later, as a real listen() does.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import type { OwnServer } from '../../src/core/call-test/own-server.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

const fake = vi.hoisted(() => ({ started: [] as Promise<unknown>[], close: vi.fn(async () => undefined) }));

vi.mock('../../src/core/call-test/own-server.js', () => ({
  startOwnServer: (): Promise<OwnServer> => {
    const ready = new Promise<OwnServer>((resolve) =>
      setImmediate(() =>
        resolve({
          target: { host: '127.0.0.1', port: 1, path: '/', key: 'peerjs', secure: false },
          url: 'http://127.0.0.1:1/',
          close: fake.close,
        }),
      ),
    );
    fake.started.push(ready);
    return ready;
  },
}));

beforeEach(() => {
  stubCliEnv();
  fake.started.length = 0;
  fake.close.mockClear();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('rtcdemo call-test --browser /nonexistent/chrome', () => {
  it('exits 3 with the install hint', async () => {
    const run = await runCliCaptured(['call-test', '--browser', '/nonexistent/chrome']);
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stderr).toMatch(/^rtcdemo: --browser \/nonexistent\/chrome: no executable browser there; install Chromium .*\n$/);
  });

  // Regression: findBrowser fails before the server is listening; the server must still be closed once up.
  it('closes the signaling server it started', async () => {
    await runCliCaptured(['call-test', '--browser', '/nonexistent/chrome']);
    expect(fake.started).toHaveLength(1);
    await Promise.all(fake.started);
    // Let runCallTest's own `.then` on the server promise run before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.close).toHaveBeenCalledTimes(1);
  });
});
