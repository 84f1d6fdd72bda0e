import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLabPrivileges, findLabTools } from '../../src/core/network-lab/environment.js';
import { EnvironmentError } from '../../src/core/errors.js';

describe('lab environment', () => {
  it('refuses other systems with the reason', () => {
    expect(() => checkLabPrivileges('darwin', () => '')).toThrow(/needs Linux network namespaces; this is darwin/);
  });

  it.each([
    ['CapEff:\t0000000000000000', false],
    ['CapEff:\t0000000000001000', false], // NET_ADMIN alone: ip netns add also mounts
    ['CapEff:\t0000000000201000', true],
    ['CapEff:\t000001ffffffffff', true],
    ['', false],
  ])('capabilities %j → allowed %s', (status, allowed) => {
    const check = () => checkLabPrivileges('linux', () => `Name:\tnode\n${status}\n`);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(/needs root \(CAP_NET_ADMIN and CAP_SYS_ADMIN\)/);
  });

  it('names the tools it could not find and where it looked', () => {
    expect(() => findLabTools({ PATH: '/nonexistent' }, [])).toThrow(EnvironmentError);
    expect(() => findLabTools({ PATH: '/nonexistent' }, [])).toThrow(
      'the network lab needs ip (package iproute2) and tc (package iproute2) and nft (package nftables) and sh (package dash): not found in /nonexistent',
    );
  });

  it('finds the tools in PATH, then in the sbin directories', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-tools-'));
    try {
      for (const tool of ['ip', 'tc', 'nft']) writeFileSync(path.join(dir, tool), '#!/bin/sh\n', { mode: 0o755 });
      writeFileSync(path.join(dir, 'sh'), '', { mode: 0o644 }); // not executable: skipped
      expect(() => findLabTools({ PATH: dir }, [])).toThrow(/needs sh/);
      expect(findLabTools({ PATH: dir }, ['/bin'])).toEqual({ ip: path.join(dir, 'ip'), tc: path.join(dir, 'tc'), nft: path.join(dir, 'nft'), sh: '/bin/sh' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
