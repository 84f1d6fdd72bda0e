/**
 * Comparison: the network lab. (1) Building and removing a lab (createLab / close: namespaces, veths, routes,
 * nftables, qdiscs), in-process, for the lightest and the heaviest profile; target < 300 ms each. (2) The
 * call-test's wall time from spawn to exit through each profile, next to the plain call-test on loopback,
 * alternating so drift on a shared machine hits all alike. Needs root (skipped with the reason otherwise).
 */
import { fileURLToPath } from 'node:url';
import { timeCommand } from './machine.mjs';
import { fmt, num, summarize } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 300;
const BASE_ARGS = ['bin/rtcdemo.js', 'call-test', '--duration', '2', '--bulk', '256k', '--json'];
export const CALL_VARIANTS = [
  { label: 'plain call-test (loopback, one browser)', args: [] },
  { label: '--network lan', args: ['--network', 'lan'] },
  { label: '--network nat --stun', args: ['--network', 'nat', '--stun'] },
  { label: '--network symmetric-nat --turn', args: ['--network', 'symmetric-nat', '--turn'] },
  { label: "--network 'nat,loss=5%,rate=1mbit' --stun", args: ['--network', 'nat,loss=5%,rate=1mbit', '--stun'] },
];
const LAB_PROFILES = ['lan', 'symmetric-nat,udp-blocked,loss=5%,rate=1mbit'];

export const title = 'Network lab: set-up, tear-down, and call-test through it';

export async function run({ runs, log }) {
  const { checkLabPrivileges, findLabTools } = await import('../dist/core/network-lab/environment.js');
  let tools;
  try {
    checkLabPrivileges();
    tools = findLabTools();
  } catch (error) {
    return { title, intro: [`Skipped: ${error.message}`], tables: [], targets: [{ name: 'lab set-up and tear-down < 300 ms', measured: 'skipped', met: null, why: error.message }], notes: [] };
  }
  const { createLab, sweepStaleLabs } = await import('../dist/core/network-lab/lab.js');
  const { parseNetworkProfile } = await import('../dist/core/network-lab/profile.js');
  await sweepStaleLabs(tools);

  const labRows = [];
  const worst = { setup: 0, teardown: 0 };
  for (const text of LAB_PROFILES) {
    const setup = [];
    const teardown = [];
    // One unrecorded lab first: the first `ip netns add` after boot loads modules.
    for (let r = -1; r < runs * 2; r += 1) {
      const lab = await createLab(parseNetworkProfile(text), tools);
      const closeMs = await lab.close();
      if (r < 0) continue;
      setup.push(lab.setupMs);
      teardown.push(closeMs);
    }
    const s = summarize(setup);
    const t = summarize(teardown);
    worst.setup = Math.max(worst.setup, s.median ?? Infinity);
    worst.teardown = Math.max(worst.teardown, t.median ?? Infinity);
    labRows.push([`\`${text}\``, fmt(s, 'ms', 0), fmt(t, 'ms', 0)]);
    log(`network-lab: ${text}: set-up ${num(s.median, 0)} ms, tear-down ${num(t.median, 0)} ms`);
  }

  const walls = CALL_VARIANTS.map(() => []);
  const labSetup = CALL_VARIANTS.map(() => []);
  const verdicts = CALL_VARIANTS.map(() => []);
  for (let r = -1; r < runs; r += 1) {
    for (const [i, variant] of CALL_VARIANTS.entries()) {
      log(`network-lab: ${r < 0 ? 'warm-up' : `run ${r + 1}/${runs}`}: call-test ${variant.args.join(' ') || '(plain)'}`);
      const result = await timeCommand(process.execPath, [...BASE_ARGS, ...variant.args], { timeoutMs: 120_000, cwd: root });
      if (r < 0) continue;
      let report = null;
      try {
        report = JSON.parse(result.stdout);
      } catch {
        // a failed run: counted as failed below
      }
      walls[i].push(report ? result.wallMs : null);
      labSetup[i].push(report?.network ? report.network.setupMs + (report.network.teardownMs ?? 0) : null);
      verdicts[i].push(report?.verdict ?? `exit ${result.code}`);
    }
  }
  const plain = summarize(walls[0]);
  const callRows = CALL_VARIANTS.map((variant, i) => {
    const wall = summarize(walls[i]);
    const delta = wall.median !== null && plain.median !== null ? wall.median - plain.median : null;
    const extra = i === 0 || delta === null ? '–' : `${delta >= 0 ? '+' : '−'}${num(Math.abs(delta), 0)} ms`;
    return [variant.label, fmt(wall, 'ms', 0), extra, i === 0 ? '–' : fmt(summarize(labSetup[i]), 'ms', 0), `${verdicts[i].filter((v) => v === 'pass').length} of ${runs}`];
  });
  const met = worst.setup < TARGET_MS && worst.teardown < TARGET_MS;
  return {
    title,
    intro: [
      `Lab set-up and tear-down: \`createLab\` then \`close()\` in-process, ${runs * 2} times per profile after one unrecorded lab (five namespaces, four veth pairs, routes, the routers' nftables tables and the uplinks' qdiscs; removing the namespaces removes the rest).`,
      `Call-test through the lab: \`node ${BASE_ARGS.join(' ')} <variant>\`, spawn to exit, the variants alternating, ${runs} runs after one unrecorded round. A lab run also starts the signaling server as a child in the wan namespace, coturn for --stun/--turn, and one browser per side.`,
    ],
    tables: [
      { title: 'Lab set-up and tear-down', columns: ['profile', 'set-up', 'tear-down'], rows: labRows },
      { title: 'call-test wall time per network', columns: ['variant', 'wall time', 'vs plain', 'lab set-up + tear-down (from its report)', 'passed'], rows: callRows },
    ],
    targets: [
      {
        name: 'lab set-up and tear-down < 300 ms each',
        measured: `set-up ${num(worst.setup, 0)} ms, tear-down ${num(worst.teardown, 0)} ms (slowest profile, medians)`,
        met,
        why: met ? '' : 'see the lab table',
      },
    ],
    notes: [],
  };
}
