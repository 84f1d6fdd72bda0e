import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  formatServerUrl,
  parseByteSize,
  parseDuration,
  parsePeerId,
  parsePort,
  parsePositiveInt,
  parseServerUrl,
} from '../../src/cli/options.js';
import type { SignalingTarget } from '../../src/protocol.js';

/** Runs `fn`, which must throw a UsageError, and returns it (anything else fails the test). */
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

describe('parsePort', () => {
  it.each([
    ['0', 0],
    ['9000', 9000],
    ['65535', 65535],
  ])('accepts %j', (value, port) => {
    expect(parsePort('--port', value)).toBe(port);
  });

  it.each(['-1', '65536', '9000x', '', ' 80', '80.5', '1e3', '0x50'])('rejects %j naming the flag and the value', (value) => {
    const error = usageErrorOf(() => parsePort('--port', value));
    expect(error.message).toMatch(/^--port /);
    expect(error.message).toContain(`"${value}"`);
    expect(error.exitCode).toBe(2);
  });
});

describe('parsePositiveInt', () => {
  it.each([
    ['1', {}, 1],
    ['100', {}, 100],
    ['1000000', { max: 1_000_000 }, 1_000_000],
    ['0', { min: 0 }, 0],
    ['5', { min: 5, max: 5 }, 5],
  ])('accepts %j with %j', (value, bounds, n) => {
    expect(parsePositiveInt('--count', value, bounds)).toBe(n);
  });

  it.each<[string, { min?: number; max?: number }, string]>([
    ['0', {}, '1 or more'],
    ['-3', {}, '1 or more'],
    ['1.5', {}, '1 or more'],
    ['abc', {}, '1 or more'],
    ['', {}, '1 or more'],
    ['99999999999999999999', {}, '1 or more'],
    ['1000001', { max: 1_000_000 }, 'from 1 to 1000000'],
    ['4', { min: 5, max: 10 }, 'from 5 to 10'],
  ])('rejects %j with %j, saying the range (%s)', (value, bounds, range) => {
    const error = usageErrorOf(() => parsePositiveInt('--count', value, bounds));
    expect(error.message).toMatch(/^--count /);
    expect(error.message).toContain(range);
    expect(error.message).toContain(`"${value}"`);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['64', 64],
    ['16k', 16 * 1024],
    ['16KB', 16 * 1024],
    ['4MiB', 4 * 1024 * 1024],
    ['1.5m', 1.5 * 1024 * 1024],
    ['0', 0],
    ['10b', 10],
    [' 64 ', 64],
    ['1024m', 1024 ** 3],
  ])('reads %j as %d bytes', (value, bytes) => {
    expect(parseByteSize('--size', value)).toBe(bytes);
  });

  it.each(['abc', '-1', '5GB', '', 'k', '1.2.3k', '1025m'])('rejects %j naming the flag', (value) => {
    const error = usageErrorOf(() => parseByteSize('--size', value));
    expect(error.message).toMatch(/^--size /);
    expect(error.message).toContain(`"${value}"`);
  });

  it('enforces min and max given by the caller', () => {
    expect(usageErrorOf(() => parseByteSize('--bulk', '2k', { max: 1024 })).message).toBe('--bulk must be between 0 and 1024 bytes, got "2k"');
    expect(usageErrorOf(() => parseByteSize('--bulk', '0', { min: 1 })).message).toContain('between 1 and');
    expect(parseByteSize('--bulk', '1k', { max: 1024 })).toBe(1024);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5', 5000],
    ['5s', 5000],
    ['1.5s', 1500],
    ['500ms', 500],
    ['500MS', 500],
    ['2m', 120_000],
    ['0', 0],
    [' 3s ', 3000],
  ])('reads %j as %d ms', (value, ms) => {
    expect(parseDuration('--duration', value)).toBe(ms);
  });

  it.each(['abc', '5h', '-1', '', 's', '1,5s', '1441m'])('rejects %j naming the flag', (value) => {
    const error = usageErrorOf(() => parseDuration('--duration', value));
    expect(error.message).toMatch(/^--duration /);
    expect(error.message).toContain(`"${value}"`);
  });

  it('enforces the caller\'s bounds and states them in seconds', () => {
    expect(usageErrorOf(() => parseDuration('--timeout', '50ms', { minMs: 100 })).message).toBe(
      '--timeout must be between 0.1s and 86400s, got "50ms"',
    );
    expect(usageErrorOf(() => parseDuration('--duration', '61m', { maxMs: 3600_000 })).message).toContain('between 0s and 3600s');
    expect(parseDuration('--timeout', '100ms', { minMs: 100 })).toBe(100);
  });
});

describe('parsePeerId', () => {
  // No length limit, as in PeerJS and the stock server (ids over 128 characters used to be refused).
  it.each(['receiver', 'a-b_c d', 'A1', 'x'.repeat(128), 'x'.repeat(129), `${'a'.repeat(600)}-b`])('accepts %j', (id) => {
    expect(parsePeerId('--id', id)).toBe(id);
  });

  it.each(['', '-a', 'a-', 'a--b', 'a b ', ' a', 'é', 'a/b', 'bad id!', 'a\nb'])('rejects %j naming the flag', (id) => {
    const error = usageErrorOf(() => parsePeerId('--to', id));
    expect(error.message).toMatch(/^--to "/);
    expect(error.message).toContain('not a valid PeerJS id');
  });
});

describe('parseServerUrl', () => {
  it.each<[string, Omit<SignalingTarget, 'key'>]>([
    ['http://localhost:9000/', { host: 'localhost', port: 9000, path: '/', secure: false }],
    ['https://example.com', { host: 'example.com', port: 443, path: '/', secure: true }],
    ['https://example.com:8443/', { host: 'example.com', port: 8443, path: '/', secure: true }],
    ['http://example.com', { host: 'example.com', port: 80, path: '/', secure: false }],
    ['http://example.com:443/', { host: 'example.com', port: 443, path: '/', secure: false }],
    ['ws://127.0.0.1:9000/', { host: '127.0.0.1', port: 9000, path: '/', secure: false }],
    ['wss://example.com/peer', { host: 'example.com', port: 443, path: '/peer/', secure: true }],
    ['localhost:9001', { host: 'localhost', port: 9001, path: '/', secure: false }],
    ['localhost', { host: 'localhost', port: 80, path: '/', secure: false }],
    ['192.168.1.20:9000/myapp', { host: '192.168.1.20', port: 9000, path: '/myapp/', secure: false }],
    ['http://h:9000/a/b', { host: 'h', port: 9000, path: '/a/b/', secure: false }],
    ['http://h:9000/a/b/', { host: 'h', port: 9000, path: '/a/b/', secure: false }],
    ['http://[::1]:9000/', { host: '::1', port: 9000, path: '/', secure: false }],
    ['[::1]:9000', { host: '::1', port: 9000, path: '/', secure: false }],
    ['HTTPS://LocalHost', { host: 'localhost', port: 443, path: '/', secure: true }],
  ])('reads %j', (value, expected) => {
    expect(parseServerUrl('--server', value)).toEqual({ ...expected, key: 'peerjs' });
  });

  it('carries the key it is given', () => {
    expect(parseServerUrl('--server', 'localhost:9000', 'secret').key).toBe('secret');
  });

  it.each<[string, string]>([
    ['ftp://example.com/', 'must use http, https, ws or wss'],
    ['file:///tmp/x', 'must use http, https, ws or wss'],
    ['http://localhost:9000/?key=peerjs', 'without query, fragment or credentials'],
    ['http://localhost:9000/#x', 'without query, fragment or credentials'],
    ['http://user:pass@localhost:9000/', 'without query, fragment or credentials'],
    ['http://user@localhost:9000/', 'without query, fragment or credentials'],
    ['not a url', 'must be a URL such as'],
    ['http://', 'must be a URL such as'],
    ['', 'must be a URL such as'],
    ['localhost:99999', 'must be a URL such as'],
  ])('rejects %j: %s', (value, reason) => {
    const error = usageErrorOf(() => parseServerUrl('--server', value));
    expect(error.message).toMatch(/^--server /);
    expect(error.message).toContain(reason);
    expect(error.message).toContain(`"${value}"`);
  });
});

describe('formatServerUrl', () => {
  it.each<[SignalingTarget, string]>([
    [{ host: 'localhost', port: 9000, path: '/', key: 'peerjs', secure: false }, 'http://localhost:9000/'],
    [{ host: 'example.com', port: 443, path: '/peer/', key: 'peerjs', secure: true }, 'https://example.com:443/peer/'],
    [{ host: '::1', port: 9000, path: '/', key: 'peerjs', secure: false }, 'http://[::1]:9000/'],
  ])('formats %j as %s', (target, url) => {
    expect(formatServerUrl(target)).toBe(url);
  });

  it.each([
    'http://localhost:9000/',
    'https://example.com',
    'http://example.com',
    'ws://127.0.0.1:9000/peer',
    'wss://example.com:8443/a/b/',
    'localhost:9001',
    '[::1]:9000',
    'http://[fe80::1]:80/x',
  ])('round-trips %j through parseServerUrl', (value) => {
    const target = parseServerUrl('--server', value, 'k');
    expect(parseServerUrl('--server', formatServerUrl(target), 'k')).toEqual(target);
  });
});
