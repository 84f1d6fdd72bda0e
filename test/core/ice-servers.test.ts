import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { iceServersFromFlags, parseIceServersJson, parseIceUrl, redactIceServers } from '../../src/core/ice/ice-servers.js';

function usageErrorOf(fn: () => unknown): UsageError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UsageError);
  return thrown as UsageError;
}

describe('parseIceUrl', () => {
  it.each([
    ['stun:stun.example.org', { url: 'stun:stun.example.org', scheme: 'stun', host: 'stun.example.org', port: null, transport: null }],
    ['stun:stun.l.google.com:19302', { url: 'stun:stun.l.google.com:19302', port: 19302 }],
    ['turn:127.0.0.1:3478', { url: 'turn:127.0.0.1:3478', scheme: 'turn', transport: null }],
    ['turn:127.0.0.1:3478?transport=tcp', { url: 'turn:127.0.0.1:3478?transport=tcp', transport: 'tcp' }],
    ['TURN:Example.org?transport=UDP', { url: 'turn:Example.org?transport=udp', transport: 'udp' }],
    ['turns:turn.example.org:5349?transport=tcp', { scheme: 'turns', port: 5349, transport: 'tcp' }],
    ['turn:[::1]:3478', { url: 'turn:[::1]:3478', host: '[::1]' }],
    ['turn:alice:s%40cret@turn.example.org:3478', { url: 'turn:turn.example.org:3478', username: 'alice', credential: 's@cret' }],
  ])('accepts %j', (text, expected) => {
    expect(parseIceUrl('--ice-server', text)).toMatchObject(expected);
  });

  it.each([
    ['stun.example.org:3478', 'not an ICE server URL'],
    ['http://turn.example.org', 'the scheme must be stun:, stuns:, turn: or turns:'],
    ['turn://turn.example.org:3478', 'ICE URLs have no "//": write turn:turn.example.org:3478'],
    ['turn:', 'expected host or host:port'],
    ['turn:example.org:0', 'port 0 is not from 1 to 65535'],
    ['turn:example.org:70000', 'port 70000 is not from 1 to 65535'],
    ['turn:example.org:3478?transport=sctp', '?transport=udp or ?transport=tcp'],
    ['stun:example.org?transport=udp', 'STUN URLs take no ?transport'],
    ['turns:example.org?transport=udp', 'turns: runs over TLS'],
    ['stun:user:pass@example.org', 'STUN servers take no credentials'],
    ['turn:user@example.org', 'user:password@host'],
    ['turn:exa mple.org', '"exa mple.org" is not a host name or IP address'],
    ['turn:a?transport=tcp?x', 'more than one "?"'],
  ])('rejects %j naming the flag, the value and the problem', (text, why) => {
    const error = usageErrorOf(() => parseIceUrl('--ice-server', text));
    expect(error.message).toContain(`--ice-server "${text}"`);
    expect(error.message).toContain(why);
    expect(error.exitCode).toBe(2);
  });
});

describe('iceServersFromFlags', () => {
  it('gives --ice-username/--ice-credential to every TURN URL without its own, and none to STUN', () => {
    expect(
      iceServersFromFlags({ urls: ['stun:s.example.org', 'turn:t.example.org?transport=tcp', 'turn:me:mine@u.example.org'], username: 'u', credential: 'p' }),
    ).toEqual([
      { urls: 'stun:s.example.org' },
      { urls: 'turn:t.example.org?transport=tcp', username: 'u', credential: 'p' },
      { urls: 'turn:u.example.org', username: 'me', credential: 'mine' },
    ]);
  });

  it('returns nothing for no flags', () => {
    expect(iceServersFromFlags({ urls: [] })).toEqual([]);
  });

  it.each<[Parameters<typeof iceServersFromFlags>[0], string]>([
    [{ urls: ['turn:t.example.org'] }, 'a TURN server needs credentials'],
    [{ urls: ['turn:t.example.org'], username: 'u' }, '--ice-username needs --ice-credential too'],
    [{ urls: ['turn:t.example.org'], credential: 'p' }, '--ice-credential needs --ice-username too'],
    [{ urls: ['stun:s.example.org'], username: 'u', credential: 'p' }, 'are for turn: or turns: servers'],
  ])('rejects %j', (input, why) => {
    expect(usageErrorOf(() => iceServersFromFlags(input)).message).toContain(why);
  });
});

describe('parseIceServersJson', () => {
  it('reads an RTCIceServer[] as apps keep it, string or array urls', () => {
    const text = JSON.stringify([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: 'u', credential: 'p', credentialType: 'password' },
    ]);
    expect(parseIceServersJson('ice.json', text)).toEqual([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: 'u', credential: 'p' },
    ]);
  });

  it('also reads the RTCConfiguration around it ({ "iceServers": [...] })', () => {
    expect(parseIceServersJson('cfg.json', '{ "iceServers": [{ "urls": "stun:s.example.org" }], "iceTransportPolicy": "all" }')).toEqual([{ urls: 'stun:s.example.org' }]);
  });

  it.each([
    ['{ "urls": ', 'not valid JSON'],
    ['{ "urls": "stun:s.example.org" }', 'expected an array of ICE servers'],
    ['[42]', '[0] is not an object with "urls"'],
    ['[{ "url": "stun:s.example.org" }]', '[0] uses "url"; RTCIceServer calls it "urls"'],
    ['[{ "urls": [] }]', '[0].urls must be a URL string or a non-empty array'],
    ['[{ "urls": "stun:s.example.org", "password": "x" }]', '[0] has an unknown key "password"'],
    ['[{ "urls": "turn:t.example.org" }]', '[0] lists a TURN server but lacks "username"'],
    ['[{ "urls": "turn:t.example.org", "username": "u" }]', 'lacks "credential"'],
    ['[{ "urls": "turn:t.example.org", "username": 7, "credential": "p" }]', '[0].username must be a string'],
    ['[{ "urls": "turn:t.example.org", "username": "u", "credential": "p", "credentialType": "oauth" }]', 'credentialType must be "password"'],
    ['[{ "urls": ["stun:ok.example.org", "http://bad"] }]', '[0].urls[1] "http://bad": the scheme must be'],
    ['[{ "urls": "turn:u:p@t.example.org" }]', 'put credentials in "username" and "credential"'],
  ])('rejects %j naming the file and what is wrong', (text, why) => {
    const error = usageErrorOf(() => parseIceServersJson('servers.json', text));
    expect(error.message).toMatch(/^--ice-servers servers\.json: /);
    expect(error.message).toContain(why);
  });
});

describe('redactIceServers', () => {
  it('keeps the URLs and says whether credentials were given, never what they are', () => {
    const redacted = redactIceServers([{ urls: 'stun:s.example.org' }, { urls: ['turn:t.example.org'], username: 'alice', credential: 'secret' }]);
    expect(redacted).toEqual([
      { urls: ['stun:s.example.org'], credentials: false },
      { urls: ['turn:t.example.org'], credentials: true },
    ]);
    expect(JSON.stringify(redacted)).not.toMatch(/alice|secret/);
  });
});
