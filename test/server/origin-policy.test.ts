/** Which pages may use the server and under which names it answers: a pure table. */
import { describe, expect, it } from 'vitest';
import { createOriginPolicy, parseAllowedOrigin, serverNames } from '../../src/server/origin-policy.js';

const PORT = 9000;
const local = createOriginPolicy({ host: 'localhost', secure: false });
const verdict = (headers: { host?: string; origin?: string }, policy = local) => {
  const result = policy.check(headers, PORT);
  return result.ok ? 'ok' : result.reason;
};

describe('the default policy of a server on localhost:9000', () => {
  it.each<[string, { host?: string; origin?: string }, string]>([
    ['a program without Origin (Node PeerJS, curl)', { host: 'localhost:9000' }, 'ok'],
    ['HTTP/1.0 without Host', {}, 'ok'],
    ['its own demo page', { host: 'localhost:9000', origin: 'http://localhost:9000' }, 'ok'],
    ['a page on 127.0.0.1 using localhost', { host: 'localhost:9000', origin: 'http://127.0.0.1:9000' }, 'ok'],
    ['a page on [::1]', { host: '[::1]:9000', origin: 'http://[::1]:9000' }, 'ok'],
    ["the tutorial's pages from a local dev server", { host: 'localhost:9000', origin: 'http://localhost:8080' }, 'ok'],
    ["rtcdemo's agent page (127.0.0.1, an OS-picked port)", { host: '127.0.0.1:9000', origin: 'http://127.0.0.1:41234' }, 'ok'],
    ['a page on the internet', { host: 'localhost:9000', origin: 'https://evil.example' }, 'origin-not-allowed'],
    ['a page whose name only contains localhost', { host: 'localhost:9000', origin: 'http://localhost.evil.example:9000' }, 'origin-not-allowed'],
    ['a file:// page or sandboxed frame', { host: 'localhost:9000', origin: 'null' }, 'origin-not-allowed'],
    ['a garbage Origin', { host: 'localhost:9000', origin: 'not a url' }, 'origin-not-allowed'],
    ['DNS rebinding: Host evil.example', { host: 'evil.example:9000', origin: 'http://evil.example:9000' }, 'host-not-allowed'],
    ['DNS rebinding without Origin (a navigation)', { host: 'evil.example:9000' }, 'host-not-allowed'],
    ['a Host that is an IP address (no DNS to rebind)', { host: '192.0.2.2:9000' }, 'ok'],
    ['a Host with junk in it', { host: 'local\u001bhost' }, 'host-not-allowed'],
  ])('%s → %s', (_what, headers, expected) => {
    expect(verdict(headers)).toBe(expected);
  });

  it('says why and what to do, quoting at most 100 characters of the header', () => {
    const origin = local.check({ host: 'localhost:9000', origin: 'https://evil.example' }, PORT);
    expect(origin).toEqual({ ok: false, reason: 'origin-not-allowed', message: expect.stringContaining('--allow-origin https://evil.example'), body: expect.not.stringContaining('evil') });
    const host = local.check({ host: `${'x'.repeat(300)}.example` }, PORT);
    expect(host.ok ? '' : host.message).toContain('--allow-origin http://');
    expect((host.ok ? '' : host.message).length).toBeLessThan(500);
  });

  it('sends CORS headers for the Origin it allowed, none without one', () => {
    expect(local.check({ host: 'localhost:9000', origin: 'http://localhost:8080' }, PORT)).toEqual({ ok: true, corsOrigin: 'http://localhost:8080' });
    expect(local.check({ host: 'localhost:9000' }, PORT)).toEqual({ ok: true, corsOrigin: null });
  });
});

describe('--allow-origin', () => {
  const allowing = createOriginPolicy({ host: 'localhost', secure: false, allowOrigins: ['https://app.example.com', 'null'] });

  it('adds an origin, and its host name as a Host (a reverse proxy in front)', () => {
    expect(verdict({ host: 'localhost:9000', origin: 'https://app.example.com' }, allowing)).toBe('ok');
    expect(verdict({ host: 'app.example.com', origin: 'https://app.example.com' }, allowing)).toBe('ok');
    expect(verdict({ host: 'localhost:9000', origin: 'https://app.example.com:8443' }, allowing)).toBe('origin-not-allowed');
    expect(verdict({ host: 'localhost:9000', origin: 'null' }, allowing)).toBe('ok');
  });

  it('* allows any origin and any Host', () => {
    const any = createOriginPolicy({ host: 'localhost', secure: false, allowOrigins: ['*'] });
    expect(any.allowAny).toBe(true);
    expect(verdict({ host: 'evil.example', origin: 'https://evil.example' }, any)).toBe('ok');
  });

  it.each([
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://App.Example.com:443/', 'https://app.example.com'],
    ['*', '*'],
    ['null', 'null'],
  ])('parses %s as %s', (value, origin) => {
    expect(parseAllowedOrigin(value)).toBe(origin);
  });

  it.each(['localhost:8080', 'ftp://example.com', 'http://example.com/app', 'http://u:p@example.com', ''])('refuses %j with a reason', (value) => {
    expect(() => parseAllowedOrigin(value)).toThrow(RangeError);
  });
});

describe('serverNames', () => {
  it('loopback hosts answer to every loopback name; a named host to its name; all interfaces to the machine', () => {
    expect(serverNames('localhost')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(serverNames('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(serverNames('signal.example.com')).toEqual(['signal.example.com']);
    expect(serverNames('0.0.0.0')).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1']));
  });

  it('a secure server checks the https scheme for its own names', () => {
    const secure = createOriginPolicy({ host: 'signal.example.com', secure: true });
    expect(verdict({ host: 'signal.example.com:9000', origin: 'https://signal.example.com:9000' }, secure)).toBe('ok');
    expect(verdict({ host: 'localhost:9000', origin: 'http://signal.example.com:9000' }, secure)).toBe('host-not-allowed');
  });
});
