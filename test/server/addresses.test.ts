/** Which names the server shows and hands to pages, for each kind of bind address. */
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { describeHost, pageInfoFor } from '../../src/server/addresses.js';
import { certificateNames } from '../../src/server/tls.js';

describe('describeHost', () => {
  it.each([
    ['localhost', { urlHost: 'localhost', clientHost: 'localhost', networkHosts: [], loopbackOnly: true }],
    ['127.0.0.1', { urlHost: '127.0.0.1', clientHost: '127.0.0.1', networkHosts: [], loopbackOnly: true }],
    ['::1', { urlHost: '[::1]', clientHost: '::1', networkHosts: [], loopbackOnly: true }],
    ['192.168.1.5', { urlHost: '192.168.1.5', clientHost: '192.168.1.5', networkHosts: [], loopbackOnly: false }],
  ])('%s', (host, expected) => {
    expect(describeHost(host)).toEqual(expected);
  });

  it('shows localhost for wildcard binds, with the LAN addresses on the side', () => {
    for (const host of ['0.0.0.0', '::']) {
      const d = describeHost(host);
      expect(d).toMatchObject({ urlHost: 'localhost', clientHost: 'localhost', loopbackOnly: false });
      for (const address of d.networkHosts) expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });
});

describe('pageInfoFor', () => {
  const fallback = { host: 'localhost', port: 9000, path: '/', key: 'peerjs', secure: false };
  const req = (host?: string) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

  it('connects pages back to the name they were loaded from', () => {
    expect(pageInfoFor(req('192.168.1.5:9000'), fallback)).toEqual({ ...fallback, host: '192.168.1.5' });
    expect(pageInfoFor(req('[::1]:9001'), fallback)).toEqual({ ...fallback, host: '::1', port: 9001 });
    expect(pageInfoFor(req('example.test'), fallback)).toEqual({ ...fallback, host: 'example.test', port: 80 });
    expect(pageInfoFor(req('example.test'), { ...fallback, secure: true })).toEqual({ ...fallback, secure: true, host: 'example.test', port: 443 });
  });

  it('falls back to the server names for a missing or hostile Host header', () => {
    expect(pageInfoFor(req(), fallback)).toBe(fallback);
    expect(pageInfoFor(req('"><script>'), fallback)).toBe(fallback);
    expect(pageInfoFor(req('a b'), fallback)).toBe(fallback);
  });
});

describe('certificateNames', () => {
  it('covers localhost, both loopbacks and the bound host, once each', () => {
    const names = certificateNames('myhost.local');
    expect(names.slice(0, 3)).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(names).toContain('myhost.local');
    expect(new Set(names).size).toBe(names.length);
    expect(certificateNames('0.0.0.0')).not.toContain('0.0.0.0');
  });
});
