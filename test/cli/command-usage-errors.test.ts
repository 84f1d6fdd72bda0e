import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

beforeEach(stubCliEnv);
afterEach(() => {
  vi.unstubAllEnvs();
});

// Each of these is rejected by the command's action before anything starts (no server, no browser).
describe.each<[string[], string[]]>([
  [['send', '--to', 'bad id!'], ['--to "bad id!"', 'not a valid PeerJS id']],
  [['send', '--to', 'receiver', '--id', 'a--b'], ['--id "a--b"']],
  [['send', '--to', 'receiver', '--repeat', '0'], ['--repeat', 'from 1 to 100000', '"0"']],
  [['send', '--to', 'receiver', '--timeout', '10ms'], ['--timeout', '"10ms"']],
  [['send', '--to', 'receiver', '--server', 'ftp://example.com/'], ['--server', 'http, https, ws or wss']],
  [['receive', '--id', ''], ['--id ""', 'not a valid PeerJS id']],
  [['receive', '--count', '0'], ['--count', '"0"']],
  [['receive', '--count', 'many'], ['--count', '"many"']],
  [['receive', '--timeout', 'abc'], ['--timeout', '"abc"']],
  [['receive', '--server', 'http://user:pw@localhost:9000/'], ['--server', 'credentials']],
  [['call', '--to', 'receiver', '--duration', 'xyz'], ['--duration', '"xyz"']],
  [['call', '--to', 'a/b'], ['--to "a/b"']],
  [['call', '--to', 'receiver', '--timeout', '0'], ['--timeout', '"0"']],
  [['call-test', '--expect', 'nope<1'], ['--expect "nope<1"', 'unknown metric "nope"', 'call-test --help']],
  [['call-test', '--expect', 'video.fsp>=10'], ['unknown metric "video.fsp"', 'Did you mean video.fps']],
  [['call-test', '--expect', 'video.fps>=15fps'], ['--expect "video.fps>=15fps"', 'without "fps"', "--expect 'video.fps>=15'"]],
  [['call-test', '--expect', 'video.fps=>15'], ['did you mean ">="']],
  [['call-test', '--messages', '0'], ['--messages', '"0"']],
  [['call-test', '--size', '17m'], ['--size', '"17m"']],
  [['call-test', '--bulk', 'lots'], ['--bulk', '"lots"']],
  [['call-test', '--duration', '2h'], ['--duration', '"2h"']],
  // Values that can never pass: no media window to measure; messages PeerJS or Chromium refuse to carry.
  [['call-test', '--duration', '0'], ['--duration must be between 1s and 3600s', '"0"']],
  [['call-test', '--duration', '500ms'], ['--duration', '"500ms"']],
  [['call-test', '--serialization', 'json', '--size', '12190'], ['--size 12190 is too large for --serialization json', 'use --size 12189 or less']],
  [['call-test', '--serialization', 'json', '--size', '20k'], ['PeerJS refuses JSON messages of 16300 bytes or more']],
  [['call-test', '--serialization', 'raw', '--size', '300k'], ['--size 300k is too large for --serialization raw', '256 KiB', 'use --size 262128 or less']],
  [['send', '--to', 'receiver', '--serialization', 'json', 'x'.repeat(16_298)], ['the message is 16300 bytes as json', 'use --serialization binary']],
  [['call-test', '--server', 'http://localhost:9000/?key=x'], ['--server', 'query']],
  [['call-test', '--junit', '/nonexistent-dir/x.xml'], ['--junit /nonexistent-dir/x.xml', 'the folder /nonexistent-dir does not exist']],
  [['call-test', '--junit', os.tmpdir()], [`--junit ${os.tmpdir()} is a folder`]],
  [['call-test', '--network', 'wifi'], ['--network: unknown profile "wifi"', 'lan, nat, symmetric-nat, udp-blocked, loss=…, rate=…, delay=…, jitter=…']],
  [['call-test', '--network', 'nat,rate=1mbps'], ['rate=1mbps', 'kbit, mbit or gbit']],
  [['call-test', '--network', 'nat', '--server', 'http://localhost:9000/'], ['--network runs its own signaling server inside the lab']],
  [['call-test', '--stun'], ['--stun needs --network', '--ice-server stun:host:port']],
  [['call-test', '--network', 'nat', '--browser', 'firefox'], ['--network runs Chromium only for now']],
  [['call-test', '--network', 'nat', '--sender-browser', 'firefox'], ['--network chooses where each side runs']],
  [['call-test', '--matrix', '--browser', 'firefox'], ["--matrix chooses each run's browsers itself: leave out --browser"]],
  [['call-test', '--codec', 'h265'], ['--codec h265: expected one of VP8, VP9, H264, AV1']],
  [['call', '--to', 'receiver', '--codec', 'theora'], ['--codec theora: expected one of VP8, VP9, H264, AV1']],
  [['receive', '--browser', 'safari'], ['--browser safari: expected chromium, firefox or a path to a browser']],
  [['call-test', '--report', '/nonexistent-dir/r.html'], ['--report /nonexistent-dir/r.html', 'the folder /nonexistent-dir does not exist']],
  [['call-test', '--report', os.tmpdir()], [`--report ${os.tmpdir()} is a folder`, '--report-dir']],
  [['call-test', '--report-dir', '/nonexistent-dir/sub'], ['--report-dir /nonexistent-dir/sub', 'the folder /nonexistent-dir does not exist']],
  [['call-test', '--report-dir', 'package.json'], ['--report-dir package.json is a file']],
  [['call', '--to', 'receiver', '--report', '/nonexistent-dir/c.html'], ['--report /nonexistent-dir/c.html', 'does not exist']],
])('rtcdemo %j', (args, mentions) => {
  it('exits 2 with one line on stderr that says what to fix, and nothing on stdout', async () => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^rtcdemo: [^\n]+\n$/);
    for (const text of mentions) expect(run.stderr).toContain(text);
  });
});

// The one error line quotes what it was given (and, elsewhere, what a server said): never raw controls.
describe('the error line', () => {
  it.each([['--\u001b]0;pwned\u0007'], ['--a\u009b2Jb'], ['--x\u202eevil']])('escapes an unknown option %j', async (flag) => {
    const run = await runCliCaptured(['send', '--to', 'receiver', flag, 'hi']);
    expect(run.code).toBe(ExitCode.usage);
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
