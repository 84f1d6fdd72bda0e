/**
 * The ICE and TURN flags, in-process: every bad value is exit 2 naming the flag (or file) and what is wrong,
 * a missing coturn is exit 3 with the install hint, all before a server, a TURN server or a browser starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

beforeEach(stubCliEnv);
afterEach(() => {
  vi.unstubAllEnvs();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-ice-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const badJson = file('bad.json', '[{ "urls": "stun:ok.example.org" },');
const noUrls = file('no-urls.json', '[{ "username": "u" }]');

describe.each<[string[], string[]]>([
  [['call-test', '--ice-server', 'http://turn.example.org'], ['--ice-server "http://turn.example.org"', 'stun:, stuns:, turn: or turns:']],
  [['send', '--to', 'receiver', '--ice-server', 'turn:turn.example.org'], ['a TURN server needs credentials', '--ice-username']],
  [['call', '--to', 'receiver', '--ice-server', 'turn:t.example.org?transport=sctp', '--ice-username', 'u', '--ice-credential', 'p'], ['?transport=udp or ?transport=tcp']],
  [['receive', '--ice-username', 'u'], ['--ice-username needs --ice-credential too']],
  [['call-test', '--ice-servers', path.join(dir, 'missing.json')], [`--ice-servers ${path.join(dir, 'missing.json')}: no such file`]],
  [['call-test', '--ice-servers', badJson], [`--ice-servers ${badJson}: not valid JSON`]],
  [['call-test', '--ice-servers', noUrls], [`--ice-servers ${noUrls}: [0].urls must be a URL string`]],
  [['call-test', '--ice-servers', dir], [`--ice-servers ${dir}: is a folder`]],
  [['call-test', '--relay-only'], ['--relay-only needs a TURN server']],
  [['send', '--to', 'receiver', '--relay-only', '--ice-server', 'stun:s.example.org'], ['--relay-only needs a TURN server']],
  [['call-test', '--turn', '--turn-transport', 'quic'], ['--turn-transport "quic": "quic" is not udp, tcp or tls']],
  [['call-test', '--turn-transport', 'tcp'], ['--turn-transport goes with --turn']],
  [['turn', '--port', '70000'], ['--port', '"70000"']],
  [['turn', '--listen', 'localhost'], ['--listen must be an IP address']],
])('rtcdemo %j', (args, mentions) => {
  it('exits 2 with one line naming what to fix', async () => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    for (const text of mentions) expect(run.stderr).toContain(text);
  });
});

describe('no coturn', () => {
  it('call-test --turn with turnserver missing from PATH: exit 3 naming PATH and the install hint', async () => {
    vi.stubEnv('PATH', '/nonexistent/bin');
    const run = await runCliCaptured(['call-test', '--turn']);
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stderr).toBe(
      "rtcdemo: no turnserver (coturn's TURN server) on PATH (/nonexistent/bin): install coturn (Debian/Ubuntu: sudo apt-get install -y coturn; Fedora: sudo dnf install coturn; macOS: brew install coturn), or give its path with --turnserver <path>\n",
    );
  });

  it.each([
    [['call-test', '--turn', '--turnserver', '/nonexistent/turnserver']],
    [['turn', '--turnserver', '/nonexistent/turnserver']],
  ])('%j: exit 3 with the install hint', async (args) => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stderr).toMatch(/^rtcdemo: no TURN server at \/nonexistent\/turnserver: install coturn \(Debian\/Ubuntu: sudo apt-get install -y coturn;.*\n$/);
  });
});

describe('error lines are terminal-safe', () => {
  it('a control sequence in a flag value is printed escaped, on one line', async () => {
    const run = await runCliCaptured(['call-test', '--ice-server', 'turn:\u001b[2Jevil']);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('\\u001b[2Jevil');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
