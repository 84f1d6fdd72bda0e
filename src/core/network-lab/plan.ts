/**
 * The commands that build one lab, as data (pure, so a table test can read them):
 *
 *   lan-a ──veth── rtr-a ──veth──┐                      ┌──veth── rtr-b ──veth── lan-b
 *   10.B.1.2      10.B.1.1       └── wan: bridge br0 ───┘       10.B.2.1      10.B.2.2
 *                 198.18.B.2         198.18.B.1 (servers)       198.18.B.3
 *
 * Steps run one after another; the commands of a step run at once (one `ip -n <ns> -batch` per namespace:
 * a process per namespace instead of one per command keeps set-up near 100 ms). No namespace gets a default
 * route and nothing connects to the root namespace: a packet for anywhere outside the lab has no way out.
 */
import type { NetworkProfile } from './profile.js';
import type { LabAddresses, LabNames } from './names.js';

export interface LabCommand {
  /** argv[0] is a tool name ('ip', 'tc', 'sh'); the runner resolves it to the path found at start-up. */
  argv: string[];
  stdin?: string;
}

export type LabPlan = LabCommand[][];

/** The nftables table every router gets (deleted with its namespace). */
export const NFT_TABLE = 'rtcdemo_lab';

export function labPlan(names: LabNames, addresses: LabAddresses, profile: NetworkProfile): LabPlan {
  const ns = names.namespaces;
  const a = addresses;
  const routed = profile.base === 'lan';
  const batch = (namespace: string, lines: string[]): LabCommand => ({ argv: ['ip', '-n', namespace, '-batch', '-'], stdin: `${lines.join('\n')}\n` });

  const createNamespaces: LabCommand = { argv: ['ip', '-batch', '-'], stdin: `${Object.values(ns).map((n) => `netns add ${n}`).join('\n')}\n` };
  const createLinks: LabCommand[] = [
    batch(ns['rtr-a'], [`link add lan0 type veth peer name eth0 netns ${ns['lan-a']}`, `link add wan0 type veth peer name a0 netns ${ns.wan}`]),
    batch(ns['rtr-b'], [`link add lan0 type veth peer name eth0 netns ${ns['lan-b']}`, `link add wan0 type veth peer name b0 netns ${ns.wan}`]),
    batch(ns.wan, ['link add br0 type bridge']),
  ];

  // addrgenmode none: no IPv6 link-local addresses, so the browsers gather only the lab's IPv4 candidates.
  const up = (dev: string) => [`link set dev ${dev} addrgenmode none`, `link set dev ${dev} up`];
  const lanLines = (lan: LabAddresses['lanA'], other: LabAddresses['lanA']) => [
    'link set dev lo up',
    ...up('eth0'),
    `addr add ${lan.host}/24 dev eth0`,
    `route add ${a.wanPrefix} via ${lan.gateway}`,
    ...(routed ? [`route add ${other.prefix} via ${lan.gateway}`] : []),
  ];
  const routerLines = (lan: LabAddresses['lanA'], wanAddress: string, otherLan: LabAddresses['lanA'], otherRouter: string) => [
    'link set dev lo up',
    ...up('lan0'),
    ...up('wan0'),
    `addr add ${lan.gateway}/24 dev lan0`,
    `addr add ${wanAddress}/24 dev wan0`,
    ...(routed ? [`route add ${otherLan.prefix} via ${otherRouter}`] : []),
  ];
  const wanLines = [
    'link set dev lo up',
    ...up('br0'),
    ...['a0', 'b0'].flatMap((dev) => [`link set dev ${dev} master br0`, ...up(dev)]),
    `addr add ${a.wan}/24 dev br0`,
    // Without NAT the servers answer the LANs' own addresses.
    ...(routed ? [`route add ${a.lanA.prefix} via ${a.routerA}`, `route add ${a.lanB.prefix} via ${a.routerB}`] : []),
  ];
  const configure: LabCommand[] = [
    batch(ns['lan-a'], lanLines(a.lanA, a.lanB)),
    batch(ns['lan-b'], lanLines(a.lanB, a.lanA)),
    batch(ns['rtr-a'], routerLines(a.lanA, a.routerA, a.lanB, a.routerB)),
    batch(ns['rtr-b'], routerLines(a.lanB, a.routerB, a.lanA, a.routerA)),
    batch(ns.wan, wanLines),
    ...[ns['rtr-a'], ns['rtr-b']].map((router) => routerFirewall(router, a, profile)),
    ...[ns['lan-a'], ns['lan-b']].flatMap((lan) => uplinkQdiscs(lan, profile)),
  ];
  return [[createNamespaces], createLinks, configure];
}

/**
 * Forwarding on (routers only; every namespace starts with it off) and the router's nftables table, from
 * inside the namespace: /proc/sys is per namespace, so the echo reaches only this router.
 */
function routerFirewall(router: string, a: LabAddresses, profile: NetworkProfile): LabCommand {
  const ruleset = routerRuleset(a, profile);
  const script = ruleset ? 'echo 1 > /proc/sys/net/ipv4/ip_forward && exec nft -f -' : 'echo 1 > /proc/sys/net/ipv4/ip_forward';
  return { argv: ['ip', 'netns', 'exec', router, 'sh', '-c', script], ...(ruleset ? { stdin: ruleset } : {}) };
}

export function routerRuleset(a: LabAddresses, profile: NetworkProfile): string | null {
  const forward: string[] = [];
  if (profile.lossPercent !== null) {
    // Hundredths of a percent: loss=2.5% drops when a random number below 10000 is under 250.
    forward.push(`iifname "lan0" numgen random mod 10000 < ${Math.round(profile.lossPercent * 100)} drop`);
  }
  if (profile.udpBlocked) {
    forward.push(
      'ct state established,related accept',
      `iifname "lan0" ip daddr ${a.wan} meta l4proto tcp accept`,
      'iifname "lan0" drop',
      'iifname "wan0" drop',
    );
  }
  const chains: string[] = [];
  if (profile.base !== 'lan') {
    // A NAT drops what nobody asked for, as home routers do. It also matters for hole punching: the other
    // side's first check, arriving before ours went out, would otherwise leave a conntrack entry whose tuple
    // clashes with the mapping our own check needs, and masquerade would then pick another port (a dropped
    // packet's conntrack entry is never confirmed, so it leaves nothing behind).
    forward.unshift('iifname "wan0" ct state new drop');
    chains.push(chain('input', 'type filter hook input priority filter; policy accept;', ['iifname "wan0" ct state new drop']));
  }
  if (forward.length) chains.push(chain('forward', 'type filter hook forward priority filter; policy accept;', forward));
  if (profile.base !== 'lan') {
    // fully-random picks a new random port for every new flow (every destination): an address- and
    // port-dependent mapping, the "symmetric NAT" of RFC 3489, where a STUN-learned mapping is useless to the peer.
    // Plain masquerade keeps the source port when it can: the same mapping for every destination.
    const masquerade = profile.base === 'symmetric-nat' ? 'masquerade fully-random' : 'masquerade';
    chains.push(chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', [`oifname "wan0" ${masquerade}`]));
  }
  return chains.length ? `table ip ${NFT_TABLE} {\n${chains.join('\n')}\n}\n` : null;
}

function chain(name: string, hook: string, rules: string[]): string {
  return `  chain ${name} {\n    ${hook}\n${rules.map((r) => `    ${r}`).join('\n')}\n  }`;
}

/** Rate and delay shape each side's uplink (eth0's egress in its LAN), so each direction crosses one of each. */
export function uplinkQdiscs(lan: string, profile: NetworkProfile): LabCommand[] {
  const lines: string[] = [];
  const rate = profile.rateBitsPerSecond;
  const netem = profile.delayMs !== null || profile.jitterMs !== null;
  // tbf needs a bucket of at least one full packet; 20 ms worth of the rate keeps short bursts smooth.
  const tbf = rate === null ? null : `tbf rate ${rate}bit burst ${Math.max(4096, Math.ceil(rate / 8 / 50))} latency 250ms`;
  if (netem) {
    const jitter = profile.jitterMs !== null ? ` ${profile.jitterMs}ms` : '';
    lines.push(`qdisc add dev eth0 root handle 1: netem delay ${profile.delayMs ?? 0}ms${jitter}`);
    if (tbf) lines.push(`qdisc add dev eth0 parent 1: handle 10: ${tbf}`);
  } else if (tbf) {
    lines.push(`qdisc add dev eth0 root ${tbf}`);
  }
  return lines.length ? [{ argv: ['tc', '-n', lan, '-batch', '-'], stdin: `${lines.join('\n')}\n` }] : [];
}

/** Tear-down: removing a namespace removes its links, addresses, routes, nftables tables and qdiscs with it. */
export function deleteNamespacesCommand(namespaces: string[]): LabCommand {
  // -force: go on past a namespace already gone (a half-built lab, a second clean-up).
  return { argv: ['ip', '-force', '-batch', '-'], stdin: `${namespaces.map((n) => `netns del ${n}`).join('\n')}\n` };
}
