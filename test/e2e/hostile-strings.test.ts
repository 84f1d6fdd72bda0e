/**
 * Strings from the network reach the terminal escaped, in text and JSON mode: a peer registered on the
 * stock `peer` 1.0.2 server (which, unlike ours, accepts any id) with escape sequences, C1 controls and bidi
 * overrides in its id sends a message full of them to `rtcdemo receive`. The sending page is plain PeerJS
 * with its client-side id check switched off, as a hostile page would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runRtcdemo, useDemoServerAndBrowser } from './support.js';
import { openPeerPage } from './peer-page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rig = useDemoServerAndBrowser('127.0.0.1');

// OSC title change, CSI screen clear as a one-byte C1 CSI, a right-to-left override, a zero-width space, BEL.
const HOSTILE_ID = 'evil\u001b]0;pwned\u0007\u009b2J\u202edi';
const HOSTILE_MESSAGE = 'hi\u001b[2J\u009b31m\u202eesrever\u200b\u0085end';
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202e]/;

let stock: ChildProcess | undefined;
let stockPort = 0;

beforeAll(async () => {
  const script = `
    const { PeerServer } = await import('peer');
    const server = PeerServer({ port: 0, host: '127.0.0.1' }, (s) => process.stdout.write(s.address().port + '\\n'));
    server.on('error', () => undefined);`;
  stock = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  stockPort = await new Promise<number>((resolve, reject) => {
    stock!.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    stock!.once('exit', (code) => reject(new Error(`stock peer server exited with ${code}`)));
  });
});

afterAll(() => {
  stock?.kill('SIGKILL');
});

describe.each([
  ['text', [] as string[]],
  ['json', ['--json']],
])('rtcdemo receive (%s mode) against a hostile peer on the stock server', (mode, flags) => {
  it('escapes the peer id and the message on stdout and stderr', { timeout: 60_000 }, async () => {
    const receiverId = `receiver-${mode}`;
    const receive = runRtcdemo(['receive', '--id', receiverId, '--count', '1', '--timeout', '40s', ...flags, '--server', `http://127.0.0.1:${stockPort}/`]);
    const sender = await openPeerPage(rig.browser.browser, {
      pagesUrl: rig.server.url,
      signaling: { host: '127.0.0.1', port: stockPort },
      id: HOSTILE_ID,
      skipIdValidation: true,
    });
    try {
      await receive.waitFor('stderr', /registered as "/, 20_000);
      await sender.connectAndSend(receiverId, { reliable: true }, `() => [${JSON.stringify(HOSTILE_MESSAGE)}]`);
      const { code } = await receive.exited;
      expect(code, receive.stderr()).toBe(0);
      const stdout = receive.stdout();
      const stderr = receive.stderr();
      expect(stdout).not.toMatch(RAW_UNSAFE);
      expect(stderr).not.toMatch(RAW_UNSAFE);
      expect(stderr).toContain('data connection from evil\\u001b]0;pwned\\u0007\\u009b2J\\u202edi open');
      if (mode === 'json') {
        // Escaped for the terminal, and still the very same strings for a JSON parser.
        const line = JSON.parse(stdout.trim()) as { from: string; data: string };
        expect(line).toMatchObject({ from: HOSTILE_ID, data: HOSTILE_MESSAGE });
        expect(stdout).toContain('\\u009b');
        expect(stdout).toContain('\\u202e');
      } else {
        expect(stdout.trim()).toBe('evil\\u001b]0;pwned\\u0007\\u009b2J\\u202edi: hi\\u001b[2J\\u009b31m\\u202eesrever\\u200b\\u0085end');
      }
    } finally {
      await sender.page.close();
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  });
});
