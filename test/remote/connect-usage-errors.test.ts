import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

beforeEach(stubCliEnv);
afterEach(() => {
  vi.unstubAllEnvs();
});

// Rejected before anything starts: no server, no browser, no connection.
describe.each<[string[], string[]]>([
  [['receive', '--connect', 'chromium'], ['--connect chromium: not a URL']],
  [['send', '--to', 'receiver', '--connect', 'http://10.0.0.7:9222', '--webdriver', 'http://10.0.0.8:4444'], ['--connect and --webdriver both name the browser']],
  [['call', '--to', 'receiver', '--connect', 'http://10.0.0.7:9222', '--browser', '/usr/bin/chromium'], ['--browser picks a browser to launch here']],
  [['call-test', '--connect', 'http://10.0.0.7:9222'], ['must reach the built-in server', '--listen <address>']],
  [['call-test', '--connect', 'http://10.0.0.7:9222', '--listen', '0.0.0.0'], ['must reach the built-in server']],
  [['call-test', '--webdriver', 'ws://10.0.0.8:4444'], ['--webdriver ws://10.0.0.8:4444: unsupported scheme ws']],
  [['call-test', '--placement', 'diagonal'], ['--placement', 'split, round-robin, pair']],
  [['call-test', '--listen', '10.0.0.5', '--server', 'http://localhost:9000/'], ['--listen is for the built-in server']],
  [['call-test', '--listen', '10.0.0.5:99999'], ['--listen 10.0.0.5:99999']],
  [['call-test', '--public-url', 'nope'], ['--public-url nope: not a URL']],
  [['call-test', '--connect', 'http://127.0.0.1:9222', '--engine', 'stock'], ['--engine stock has no agent page']],
  [['call-test', '--connect', 'http://127.0.0.1:9222', '--turn'], ['--turn runs its TURN server on 127.0.0.1']],
  // --connect places the pages itself: not with a browser per side or the matrix.
  [['call-test', '--connect', 'http://127.0.0.1:9222', '--sender-browser', 'firefox'], ['--connect runs the pages in the browsers given', 'leave out --sender-browser/--receiver-browser']],
  [['call-test', '--webdriver', 'http://127.0.0.1:4444', '--matrix'], ['--webdriver runs the pages in the browsers given', 'leave out --matrix']],
  // The network lab runs its own browser per side, inside its namespaces: not a --connect browser.
  [['call-test', '--network', 'lan', '--connect', 'http://127.0.0.1:9222'], ['--network runs a browser per side inside the lab', 'leave out --connect']],
  [['call-test', '--network', 'nat', '--webdriver', 'http://127.0.0.1:4444'], ['leave out --webdriver']],
  [['call-test', '--network', 'lan', '--listen', '10.0.0.5'], ['--listen is for --connect browsers']],
  [['call-test', '--network', 'lan', '--public-url', 'http://10.0.0.5:9000/'], ['--public-url is for --connect browsers']],
])('rtcdemo %j', (args, mentions) => {
  it('exits 2 with one line on stderr that says what to fix, and nothing on stdout', async () => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^rtcdemo: [^\n]+\n$/);
    for (const text of mentions) expect(run.stderr).toContain(text);
  });
});
