import { describe, expect, it } from 'vitest';
import { labAddresses, labBlock, labNames, labOwnerOf } from '../../src/core/network-lab/names.js';
import { labPlan, routerRuleset, uplinkQdiscs } from '../../src/core/network-lab/plan.js';
import { parseNetworkProfile } from '../../src/core/network-lab/profile.js';
import { parseNamespaceList } from '../../src/core/network-lab/lab.js';

const names = labNames(4242, 3);
const a = labAddresses(7);
const allLines = (profile: string) =>
  labPlan(names, a, parseNetworkProfile(profile))
    .flat()
    .map((c) => `${c.argv.join(' ')}\n${c.stdin ?? ''}`)
    .join('\n');

describe('lab names and addresses', () => {
  it('carry the prefix, the owner pid and a counter', () => {
    expect(names.namespaces).toEqual({
      wan: 'rtcdemo-lab-4242-3-wan',
      'rtr-a': 'rtcdemo-lab-4242-3-rtr-a',
      'rtr-b': 'rtcdemo-lab-4242-3-rtr-b',
      'lan-a': 'rtcdemo-lab-4242-3-lan-a',
      'lan-b': 'rtcdemo-lab-4242-3-lan-b',
    });
  });

  it.each([
    ['rtcdemo-lab-4242-3-wan', { id: 'rtcdemo-lab-4242-3', pid: 4242 }],
    ['rtcdemo-lab-17-1-lan-b', { id: 'rtcdemo-lab-17-1', pid: 17 }],
    ['rtcdemo-lab-17-9-probe', { id: 'rtcdemo-lab-17-9', pid: 17 }],
    ['rtcdemo-lab-x-1-wan', null],
    ['blue', null],
    ['rtcdemo-lab-17-1-wan; rm', null],
  ])('labOwnerOf(%j)', (namespace, owner) => {
    expect(labOwnerOf(namespace)).toEqual(owner);
  });

  it('gives concurrent labs of one process different blocks', () => {
    expect(labBlock(4242, 1)).not.toBe(labBlock(4242, 2));
    for (const pid of [1, 4242, 99_999, 4_194_304]) for (const n of [1, 2, 500]) expect(labBlock(pid, n)).toBeLessThan(250);
  });

  it('uses private and benchmarking ranges only', () => {
    expect(a).toMatchObject({ wan: '198.18.7.1', routerA: '198.18.7.2', routerB: '198.18.7.3', lanA: { host: '10.7.1.2', gateway: '10.7.1.1' }, lanB: { host: '10.7.2.2' } });
  });

  it('parses ip netns list', () => {
    expect(parseNamespaceList('rtcdemo-lab-1-1-wan (id: 3)\nrtcdemo-lab-1-1-lan-a\n\n')).toEqual(['rtcdemo-lab-1-1-wan', 'rtcdemo-lab-1-1-lan-a']);
  });
});

describe('labPlan', () => {
  it('never creates a default route nor a link to the root namespace', () => {
    for (const profile of ['lan', 'nat', 'symmetric-nat,udp-blocked,loss=5%,rate=1mbit']) {
      const text = allLines(profile);
      expect(text).not.toMatch(/default|0\.0\.0\.0\/0/);
      // Every link is created inside a lab namespace with its peer in another lab namespace.
      const links = [...text.matchAll(/link add (\S+) type veth peer name (\S+) netns (\S+)/g)];
      expect(links).toHaveLength(4);
      for (const link of links) expect(link[3]).toMatch(/^rtcdemo-lab-4242-3-/);
      expect(labPlan(names, a, parseNetworkProfile(profile)).flat().every((c) => c.argv.includes('-n') || c.argv.join(' ').startsWith('ip -batch') || c.argv.slice(0, 3).join(' ') === 'ip netns exec')).toBe(true);
    }
  });

  it('turns forwarding on in the routers only', () => {
    const forwarding = labPlan(names, a, parseNetworkProfile('nat')).flat().filter((c) => c.argv.join(' ').includes('ip_forward'));
    expect(forwarding.map((c) => c.argv[3])).toEqual([names.namespaces['rtr-a'], names.namespaces['rtr-b']]);
  });

  it('routes between the LANs only without NAT', () => {
    expect(allLines('lan')).toContain(`route add ${a.lanB.prefix} via ${a.lanA.gateway}`);
    expect(allLines('nat')).not.toContain(`route add ${a.lanB.prefix}`);
  });

  it.each([
    ['lan', null],
    ['nat', /masquerade\n/],
    ['symmetric-nat', /masquerade fully-random/],
  ])('%s: NAT rules', (profile, nat) => {
    const rules = routerRuleset(a, parseNetworkProfile(profile));
    if (nat === null) expect(rules).toBeNull();
    else {
      expect(rules).toMatch(nat);
      expect(rules).toContain('iifname "wan0" ct state new drop');
    }
  });

  it('drops loss in hundredths of a percent on the way out of each LAN', () => {
    expect(routerRuleset(a, parseNetworkProfile('loss=2.5%'))).toContain('iifname "lan0" numgen random mod 10000 < 250 drop');
  });

  it('udp-blocked lets only TCP to the wan servers out', () => {
    const rules = routerRuleset(a, parseNetworkProfile('nat,udp-blocked'))!;
    expect(rules).toContain(`iifname "lan0" ip daddr ${a.wan} meta l4proto tcp accept`);
    expect(rules.indexOf('meta l4proto tcp accept')).toBeLessThan(rules.indexOf('iifname "lan0" drop'));
  });

  it.each([
    ['nat', []],
    ['rate=1mbit', ['qdisc add dev eth0 root tbf rate 1000000bit burst 4096 latency 250ms']],
    ['rate=100mbit', ['qdisc add dev eth0 root tbf rate 100000000bit burst 250000 latency 250ms']],
    ['delay=80ms,jitter=20ms', ['qdisc add dev eth0 root handle 1: netem delay 80ms 20ms']],
    ['delay=80ms,rate=1mbit', ['qdisc add dev eth0 root handle 1: netem delay 80ms', 'qdisc add dev eth0 parent 1: handle 10: tbf rate 1000000bit burst 4096 latency 250ms']],
  ])('%s: qdiscs on the uplink', (profile, lines) => {
    const commands = uplinkQdiscs('lan-ns', parseNetworkProfile(profile));
    expect(commands.flatMap((c) => (c.stdin ?? '').trim().split('\n').filter(Boolean))).toEqual(lines);
    for (const c of commands) expect(c.argv).toEqual(['tc', '-n', 'lan-ns', '-batch', '-']);
  });
});
