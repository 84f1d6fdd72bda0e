/**
 * The network lab end to end: real namespaces, nftables, tc, coturn and Chromium, through the real CLI.
 * Each run is a child process with its own TMPDIR; after each, nothing of its lab may be left (namespaces,
 * servers, browsers, profiles, root nftables tables). Skips with the reason where a lab can't run (not root,
 * not Linux, no ip/nft/turnserver/Chromium). CI runs it as root.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { runRtcdemo } from './support.js';
import { privateTmpDir, removeTmpDir } from './fault-support.js';
import { labLeftovers, labUnavailableReason, NOTHING_LEFT, rootNftTables } from './network-lab-support.js';
import { findLabTools } from '../../src/core/network-lab/environment.js';
import { probeNetem } from '../../src/core/network-lab/lab.js';

const unavailable = labUnavailableReason();
const tmpDirs: string[] = [];
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) removeTmpDir(dir);
});

interface LabRun {
  code: number | null;
  report: CallTestResult | null;
  stdout: string;
  stderr: string;
}

/** Runs `rtcdemo call-test --json <args>` and checks that it left nothing behind. */
async function callTest(args: string[]): Promise<LabRun> {
  const tmp = privateTmpDir();
  tmpDirs.push(tmp);
  const tablesBefore = rootNftTables();
  const run = runRtcdemo(['call-test', '--json', '--duration', '2', ...args], { TMPDIR: tmp });
  const { code } = await run.exited;
  expect(await labLeftovers(run.child.pid!, tmp, tablesBefore)).toEqual(NOTHING_LEFT);
  let report: CallTestResult | null = null;
  try {
    report = JSON.parse(run.stdout()) as CallTestResult;
  } catch {
    // exit 2/3 print no report
  }
  return { code, report, stdout: run.stdout(), stderr: run.stderr() };
}

const pairOf = (r: CallTestResult | null) => r?.metrics.video.candidatePair ?? null;
/** Why each check failed: its error, or the criteria it missed ('' for a check that passed). */
const failures = (r: CallTestResult | null) =>
  (r?.checks ?? [])
    .map((c) => [c.error, ...c.criteria.filter((k) => !k.pass).map((k) => `${k.metric} ${k.actual} (expected ${k.op} ${k.expected})`)].filter(Boolean).join('; '))
    .join('\n');

describe.skipIf(unavailable !== null)(`call-test --network${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('nat without ICE servers: fails, and the verdict names ICE', { timeout: 90_000 }, async () => {
    const { code, report } = await callTest(['--network', 'nat', '--bulk', '0']);
    expect(code).toBe(1);
    expect(report!.verdict).toBe('fail');
    expect(report!.network).toMatchObject({ profile: 'nat', iceServers: [] });
    expect(failures(report)).toMatch(/ICE (new|checking|failed), gathered host; no candidate pair worked: a NAT or firewall in between needs STUN or TURN/);
    expect(pairOf(report)).toBeNull();
  });

  it('nat with STUN: passes over server-reflexive candidates', { timeout: 60_000 }, async () => {
    const { code, report } = await callTest(['--network', 'nat', '--stun', '--bulk', '256k']);
    expect(failures(report)).toBe('\n\n\n');
    expect(code).toBe(0);
    expect(pairOf(report)).toMatchObject({ local: { type: 'srflx', protocol: 'udp' }, remote: { type: 'srflx', protocol: 'udp' } });
    expect(report!.network!.iceServers).toEqual([`stun:${report!.network!.addresses.wan}:3478`]);
    expect(report!.options.ice.turn).toBeNull();
  });

  it('symmetric-nat with STUN: fails (a mapping per destination)', { timeout: 90_000 }, async () => {
    const { code, report } = await callTest(['--network', 'symmetric-nat', '--stun', '--bulk', '0']);
    expect(code).toBe(1);
    expect(failures(report)).toMatch(/ICE (new|checking|failed), gathered host, srflx; no candidate pair worked: STUN was not enough, a symmetric NAT or a firewall in between needs TURN/);
  });

  it('symmetric-nat with TURN: passes over relay candidates on both ends', { timeout: 60_000 }, async () => {
    const { code, report } = await callTest(['--network', 'symmetric-nat', '--turn', '--bulk', '256k']);
    expect(failures(report)).toBe('\n\n\n');
    expect(code).toBe(0);
    expect(pairOf(report)).toMatchObject({ local: { type: 'relay', relayProtocol: 'udp' }, remote: { type: 'relay' } });
    expect(report!.options.ice.policy).toBe('relay');
    // coturn ran in the lab's wan namespace, on the wan address.
    expect(report!.options.ice.turn).toEqual({ transports: ['udp'], listenIp: report!.network!.addresses.wan });
  });

  it('udp-blocked with TURN over TCP: passes, each side reaching its relay over TCP', { timeout: 60_000 }, async () => {
    const { code, report } = await callTest(['--network', 'nat,udp-blocked', '--turn', '--turn-transport', 'tcp', '--bulk', '256k']);
    expect(failures(report)).toBe('\n\n\n');
    expect(code).toBe(0);
    const pair = pairOf(report)!;
    expect(pair.local).toMatchObject({ type: 'relay', relayProtocol: 'tcp' });
    expect(pair.remote.type).toBe('relay');
    expect(report!.options.ice.turn).toEqual({ transports: ['tcp'], listenIp: report!.network!.addresses.wan });
  });

  it('udp-blocked with TURN over UDP only: fails (the TURN server is out of reach)', { timeout: 90_000 }, async () => {
    const { code, report } = await callTest(['--network', 'nat,udp-blocked', '--turn', '--turn-transport', 'udp', '--bulk', '0']);
    expect(code).toBe(1);
    expect(pairOf(report)).toBeNull();
  });

  it('loss=10%: passes the default criteria and reports packets lost', { timeout: 60_000 }, async () => {
    const { code, report } = await callTest(['--network', 'loss=10%', '--bulk', '256k', '--duration', '4']);
    expect(failures(report)).toBe('\n\n\n');
    expect(code).toBe(0);
    const video = report!.metrics.video;
    expect(video.toReceiver.packetsLost + video.toSender.packetsLost).toBeGreaterThan(0);
  });

  it('rate=300kbit: the received video bitrate stays under the link rate', { timeout: 60_000 }, async () => {
    const { report } = await callTest(['--network', 'rate=300kbit', '--duration', '4']);
    const video = report!.metrics.video;
    for (const direction of [video.toReceiver, video.toSender]) {
      expect(direction.bitrateKbps).toBeGreaterThan(0);
      expect(direction.bitrateKbps).toBeLessThan(300);
    }
  });

  it('two labs at once: both pass, each in its own namespaces and addresses', { timeout: 90_000 }, async () => {
    const [a, b] = await Promise.all([
      callTest(['--network', 'nat', '--stun', '--bulk', '0']),
      callTest(['--network', 'symmetric-nat', '--turn', '--bulk', '0']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.report!.network!.addresses.wan).not.toBe(b.report!.network!.addresses.wan);
    expect(pairOf(a.report)!.local.type).toBe('srflx');
    expect(pairOf(b.report)!.local.type).toBe('relay');
  });

  describe('delay and jitter (tc netem)', () => {
    let netem: { available: boolean; reason: string | null } = { available: false, reason: null };
    beforeAll(async () => {
      netem = await probeNetem(findLabTools());
    });

    it('without sch_netem in the kernel: exit 3 saying so, before building anything', { timeout: 30_000 }, async (ctx) => {
      if (netem.available) ctx.skip();
      const { code, stderr } = await callTest(['--network', 'nat,delay=80ms,jitter=20ms']);
      expect(code).toBe(3);
      expect(stderr.trim()).toMatch(/^rtcdemo: --network nat,delay=80ms,jitter=20ms: this kernel has no tc netem \(sch_netem\), which delay and jitter need: .*$/);
    });

    it('delay=80ms: passes with the round trip above twice the delay', { timeout: 60_000 }, async (ctx) => {
      if (!netem.available) ctx.skip(netem.reason ?? 'no netem');
      const { code, report } = await callTest(['--network', 'delay=80ms', '--bulk', '256k']);
      expect(code).toBe(0);
      expect(report!.metrics.data.rtt.p50).toBeGreaterThan(160);
    });
  });
});
