import { describe, expect, it } from 'vitest';
import { DENY_ALL_PEERS, LOOPBACK_PEERS, toCoturnRange, turnserverArgs, turnUrls, type TurnserverArgsInput } from '../../src/core/turn/turnserver-args.js';
import { findTurnserver, TURNSERVER_INSTALL_HINT } from '../../src/core/turn/find-turnserver.js';
import { EnvironmentError } from '../../src/core/errors.js';

const base: TurnserverArgsInput = {
  listenIp: '127.0.0.1',
  relayIp: '127.0.0.1',
  port: 40000,
  tls: null,
  username: 'rtcdemo',
  credential: 'c',
  realm: 'rtcdemo',
  allowedPeers: LOOPBACK_PEERS,
  stateDir: '/tmp/rtcdemo-turn-1-x',
};

describe('turnserverArgs', () => {
  it('is not an open relay: every peer denied, then only the allowed ranges', () => {
    const args = turnserverArgs({ ...base, allowedPeers: ['10.9.0.0-10.9.255.255'] });
    for (const range of DENY_ALL_PEERS) expect(args).toContain(`--denied-peer-ip=${range}`);
    expect(DENY_ALL_PEERS).toEqual(['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(args.filter((a) => a.startsWith('--allowed-peer-ip='))).toEqual(['--allowed-peer-ip=10.9.0.0-10.9.255.255']);
    // No loopback range allowed → coturn keeps refusing loopback peers.
    expect(args).not.toContain('--allow-loopback-peers');
  });

  it.each([
    [LOOPBACK_PEERS, true],
    [['127.0.0.1'], true],
    [['::1'], true],
    [['10.0.0.0-200.0.0.0'], true],
    [['10.0.0.0-126.255.255.255'], false],
    [['128.0.0.1'], false],
  ])('with allowed peers %j, --allow-loopback-peers is %s (coturn refuses loopback peers without it)', (allowed, loopback) => {
    expect(turnserverArgs({ ...base, allowedPeers: allowed }).includes('--allow-loopback-peers')).toBe(loopback);
  });

  it('uses long-term credentials, the given addresses, no CLI, no config file, and logs only to our pipe', () => {
    const args = turnserverArgs(base);
    expect(args).toEqual(
      expect.arrayContaining([
        '-n',
        '--no-cli',
        '--log-file=stdout',
        '--lt-cred-mech',
        '--user=rtcdemo:c',
        '--realm=rtcdemo',
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        '--listening-port=40000',
        '--pidfile=/tmp/rtcdemo-turn-1-x/turnserver.pid',
        '--userdb=/tmp/rtcdemo-turn-1-x/turndb',
        '--no-tls',
        '--no-dtls',
      ]),
    );
    expect(args.some((a) => a.startsWith('--tls-listening-port'))).toBe(false);
  });

  it('adds the TLS listener with the certificate files when asked', () => {
    const args = turnserverArgs({ ...base, tls: { port: 40001, certFile: '/d/cert.pem', keyFile: '/d/key.pem' } });
    expect(args).toEqual(expect.arrayContaining(['--tls-listening-port=40001', '--cert=/d/cert.pem', '--pkey=/d/key.pem']));
    expect(args).not.toContain('--no-tls');
  });
});

describe('toCoturnRange', () => {
  it.each([
    ['10.1.0.0/16', '10.1.0.0-10.1.255.255'],
    ['10.1.2.3/16', '10.1.0.0-10.1.255.255'],
    ['192.168.1.7/32', '192.168.1.7-192.168.1.7'],
    ['0.0.0.0/0', '0.0.0.0-255.255.255.255'],
    ['10.0.0.5', '10.0.0.5'],
    ['10.0.0.1-10.0.0.9', '10.0.0.1-10.0.0.9'],
    ['::1', '::1'],
  ])('%s → %s', (input, expected) => {
    expect(toCoturnRange(input)).toBe(expected);
  });

  it.each(['10.1.0.0/33', '300.1.1.1', 'example.org', '10.0.0.1-::1', '1-2-3', ''])('rejects %j', (input) => {
    expect(toCoturnRange(input)).toBeNull();
  });
});

describe('turnUrls', () => {
  it('names each transport, IPv6 in brackets', () => {
    expect(turnUrls('127.0.0.1', 3478, 5349)).toEqual({
      udp: 'turn:127.0.0.1:3478?transport=udp',
      tcp: 'turn:127.0.0.1:3478?transport=tcp',
      tls: 'turns:127.0.0.1:5349?transport=tcp',
    });
    expect(turnUrls('::1', 3478, null)).toEqual({ udp: 'turn:[::1]:3478?transport=udp', tcp: 'turn:[::1]:3478?transport=tcp', tls: null });
  });
});

describe('findTurnserver', () => {
  const exists = (files: string[]) => (file: string) => files.includes(file);

  it('finds it on PATH', () => {
    expect(findTurnserver('turnserver', { PATH: '/opt/x:/usr/bin' }, exists(['/usr/bin/turnserver']))).toBe('/usr/bin/turnserver');
  });

  it('missing on PATH: exit 3 naming every folder and the install hint', () => {
    let error: unknown;
    try {
      findTurnserver('turnserver', { PATH: '/opt/x:/usr/local/bin' }, exists([]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect((error as Error).message).toBe(`no turnserver (coturn's TURN server) on PATH (/opt/x, /usr/local/bin): ${TURNSERVER_INSTALL_HINT}`);
    expect((error as Error).message).toContain('apt-get install -y coturn');
  });

  it('a path that is not there: exit 3 naming it', () => {
    expect(() => findTurnserver('/nowhere/turnserver', {}, exists([]))).toThrow(/^no TURN server at \/nowhere\/turnserver: install coturn/);
  });
});
