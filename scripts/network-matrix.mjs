/**
 * `npm run lab`: every network profile × {no ICE servers, STUN, TURN over UDP, TURN over TCP}, each a real
 * call-test through the network lab (namespaces, nftables, tc, coturn, Chromium), then docs/NETWORKS.md from
 * the results: does the call connect, over which candidate pair, how fast the first frame came, fps and
 * bitrate. Needs root on Linux (the lab does). Runs one call at a time: the machine is shared.
 *
 *   node scripts/network-matrix.mjs [--only <profile>] [--no-write]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { callTestOptions } = await import('../dist/core/call-test/call-test-options.js');
const { runNetworkCallTest } = await import('../dist/core/network-lab/run-network-call-test.js');
const { parseNetworkProfile } = await import('../dist/core/network-lab/profile.js');
const { emergencyCleanup } = await import('../dist/core/cleanup.js');
const { isRtcdemoError } = await import('../dist/core/errors.js');

const PROFILES = [
  ['lan', 'no NAT: the two LANs route to each other'],
  ['nat', 'each side behind its own NAT (masquerade, endpoint-independent mapping)'],
  ['symmetric-nat', 'a new mapping per destination (masquerade fully-random)'],
  ['nat,udp-blocked', 'NAT, and only TCP to the servers may leave each LAN'],
  ['nat,loss=5%', "NAT, 5 % of each side's outgoing packets dropped"],
  ['nat,rate=300kbit', "NAT, each side's uplink limited to 300 kbit/s"],
  ['nat,delay=80ms', 'NAT, 80 ms added to each uplink (needs tc netem)'],
];
const VARIANTS = [
  { name: 'none', label: 'no ICE servers', stun: false, turn: null },
  { name: 'stun', label: 'STUN', stun: true, turn: null },
  { name: 'turn-udp', label: 'TURN/UDP (relay only)', stun: false, turn: { binary: 'turnserver', transports: ['udp'] } },
  { name: 'turn-tcp', label: 'TURN/TCP (relay only)', stun: false, turn: { binary: 'turnserver', transports: ['tcp'] } },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const write = !args.includes('--no-write');

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    controller.abort(signal);
    // A second signal: leave at once (the exit handler still removes the lab).
    process.once(signal, () => {
      emergencyCleanup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  });
}

const rows = [];
const began = performance.now();
for (const [profile, meaning] of PROFILES.filter(([p]) => !only || p === only)) {
  for (const variant of VARIANTS) {
    if (controller.signal.aborted) break;
    process.stderr.write(`lab: ${profile} × ${variant.label} … `);
    const started = performance.now();
    let row;
    try {
      const result = await runNetworkCallTest({
        // turn goes through callTestOptions: relay-only runs also require both selected pairs to be relay.
        ...callTestOptions({ durationMs: 3000, bulkBytes: 256 * 1024, signal: controller.signal, turn: variant.turn }),
        network: parseNetworkProfile(profile),
        stun: variant.stun,
      });
      row = describe(profile, meaning, variant, result);
    } catch (error) {
      if (controller.signal.aborted) break;
      if (!isRtcdemoError(error)) throw error;
      row = { profile, meaning, variant: variant.label, connects: 'not run', pair: '–', firstFrame: '–', fps: '–', kbps: '–', lost: '–', why: error.message };
    }
    row.seconds = (performance.now() - started) / 1000;
    rows.push(row);
    process.stderr.write(`${row.connects} ${row.pair} (${row.seconds.toFixed(0)} s)\n`);
  }
}
if (controller.signal.aborted) {
  process.stderr.write('lab: interrupted; docs/NETWORKS.md not written\n');
  process.exit(controller.signal.reason === 'SIGTERM' ? 143 : 130);
}

function describe(profile, meaning, variant, result) {
  const video = result.metrics.video;
  const pair = video.candidatePair;
  const failed = result.checks.filter((c) => c.status === 'fail');
  const connected = result.metrics.data.connectionOpenMs !== null || video.firstFrameMs !== null;
  return {
    profile,
    meaning,
    variant: variant.label,
    connects: result.verdict === 'pass' ? 'yes' : connected ? 'yes, checks failed' : 'no',
    // For a relay candidate, how this side reached its TURN server (udp, tcp): the relay's own leg is always UDP.
    pair: pair ? [pair.local, pair.remote].map((end) => (end.type === 'relay' ? `relay${end.relayProtocol ? ` (via ${end.relayProtocol})` : ''}` : `${end.type}/${end.protocol}`)).join(' ↔ ') : '–',
    firstFrame: video.firstFrameMs === null ? '–' : `${Math.round(video.firstFrameMs)} ms`,
    fps: video.fps === null ? '–' : video.fps.toFixed(1),
    kbps: video.toReceiver.bitrateKbps === null ? '–' : `${Math.round(video.toReceiver.bitrateKbps)}`,
    lost: `${video.toReceiver.packetsLost + video.toSender.packetsLost}`,
    // The first failed check says why; the later ones fail because of it.
    why: failed.length ? firstLine(`${failed[0].name}: ${failed[0].error ?? failed[0].criteria.filter((k) => !k.pass).map((k) => k.metric).join(', ')}`) : '',
  };
}

function firstLine(text) {
  return text.split('\n')[0].replace(/^(\w+): timed out: /, '$1: ').slice(0, 220);
}

const table = [
  "| profile | ICE servers | connects | selected pair (sender's view) | call → first frame | fps | kbps to receiver | packets lost | why it failed |",
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| \`${r.profile}\` | ${r.variant} | ${r.connects} | ${r.pair} | ${r.firstFrame} | ${r.fps} | ${r.kbps} | ${r.lost} | ${r.why.replaceAll('|', '\\|')} |`),
].join('\n');

const doc = `# WebRTC across networks: the lab matrix

Written by \`npm run lab\` (scripts/network-matrix.mjs) on ${new Date().toISOString().slice(0, 10)}, from real runs of
\`rtcdemo call-test --network <profile>\` on this machine: ${os.availableParallelism()} cores, ${process.platform} ${os.release()}, Node ${process.version}.
Do not edit by hand: rerun it (as root). ${rows.length} runs took ${((performance.now() - began) / 1000).toFixed(0)} s.

## What the lab is

Each side's Chromium runs in its own Linux network namespace (its LAN), behind its own router namespace, and
both routers meet in a "wan" namespace where the signaling server and the TURN/STUN server (coturn) listen:

\`\`\`
 receiver  10.B.1.2 ── router A ──┐                   ┌── router B ── 10.B.2.2  sender
                       198.18.B.2 └── wan 198.18.B.1 ─┘ 198.18.B.3
                                      signaling, STUN/TURN (coturn)
\`\`\`

Nothing in the lab has a route out of it and nothing connects it to the machine's own network. The profiles:

${PROFILES.map(([p, m]) => `- \`${p}\`: ${m}`).join('\n')}

The ICE servers: none (host candidates only); the lab's STUN server (\`--stun\`); the lab's TURN server over
UDP or over TCP with both sides relay-only (\`--turn --turn-transport udp|tcp\`), so a pass there proves the
relay works; "via tcp" is how a side reached its TURN server.
Each run: 100 data messages and a 256 KiB bulk transfer, then a 3 s video call both ways.

## Results

${table}

## How to read it

- **Host candidates** are each browser's own address. They work when the two sides can route to each other
  (\`lan\`), never across a NAT: the peer's private address is unreachable.
- **STUN** tells each side the public address its NAT gave it (a server-reflexive, *srflx*, candidate). Behind
  an ordinary NAT that keeps one mapping per socket (\`nat\`), the two sides punch through with those addresses.
- A **symmetric NAT** makes a new mapping for every destination: the address STUN saw is not the one the peer
  would have to use, so srflx candidates fail and only a **TURN relay** connects.
- When **UDP is blocked**, STUN and TURN over UDP cannot even be reached: TURN over TCP is the only way through.
- **Loss and rate limits** don't stop a call: the data channel retransmits (no message lost), the video adapts
  (lower bitrate, some packets lost). A delay profile needs the kernel's \`sch_netem\`; where it is missing the
  run stops with exit 3 and says so.
`;

process.stdout.write(`${table}\n`);
if (write) {
  writeFileSync(`${root}docs/NETWORKS.md`, doc);
  process.stderr.write(`lab: wrote ${root}docs/NETWORKS.md\n`);
}
