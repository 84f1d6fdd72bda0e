import { describe, expect, it } from 'vitest';
import { parseListenAddress, parsePublicUrl } from '../../src/core/call-test/listen-address.js';
import { UsageError } from '../../src/core/errors.js';

describe('--listen', () => {
  it.each([
    ['10.0.0.5', { host: '10.0.0.5', port: 0 }],
    ['10.0.0.5:9000', { host: '10.0.0.5', port: 9000 }],
    ['[fd00::5]:9000', { host: 'fd00::5', port: 9000 }],
    ['fd00::5', { host: 'fd00::5', port: 0 }],
    ['0.0.0.0', { host: '0.0.0.0', port: 0 }],
    ['rtcdemo.internal:0', { host: 'rtcdemo.internal', port: 0 }],
  ])('%s', (text, expected) => expect(parseListenAddress(text)).toEqual(expected));

  it.each(['10.0.0.5:70000', 'http://10.0.0.5', '', '10.0.0.5:port'])('rejects %j', (text) => {
    expect(() => parseListenAddress(text)).toThrow(UsageError);
  });
});

describe('--public-url', () => {
  it('keeps an http(s) URL', () => expect(parsePublicUrl('http://192.0.2.10:9000')).toBe('http://192.0.2.10:9000/'));
  it.each(['192.0.2.10:9000', 'ws://192.0.2.10/'])('rejects %j', (text) => expect(() => parsePublicUrl(text)).toThrow(UsageError));
});
