/** One rule for "this machine", used by the server (its bind warning) and the agents (trusting self-signed certs). */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/shared/loopback.js';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.255.255.255', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['128.0.0.1', false],
    ['10.0.0.127', false],
    ['192.168.1.20', false],
    ['10.0.0.1', false],
    ['127.0.0', false],
    ['127.0.0.1.nip.io', false],
    ['localhost.example.com', false],
    ['mylocalhost', false],
    ['::', false],
    ['example.com', false],
    ['', false],
  ])('%j → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
