#!/usr/bin/env node
// Makes sure the system programs rtcdemo drives are present, as ensure-browser.mjs does for Chromium:
// each is looked up on PATH; a missing one is installed with apt-get where apt-get exists (as root, or
// through sudo); elsewhere the script says what to install. One row per program in DEPENDENCIES.
// Exit codes: 0 everything is available, 3 something could not be installed here.
import { spawnSync } from 'node:child_process';
import { aptGet, isRoot } from './apt.mjs';

const DEPENDENCIES = [
  {
    command: 'turnserver',
    apt: 'coturn',
    why: 'call-test --turn and rtcdemo turn',
    elsewhere: 'Fedora: sudo dnf install coturn; macOS: brew install coturn',
  },
  // The network lab (call-test --network) is Linux only; elsewhere it says so when asked for, so don't fail setup.
  ...(process.platform === 'linux'
    ? [
        { command: 'ip', apt: 'iproute2', why: 'call-test --network (namespaces, links, tc)', elsewhere: 'Fedora: sudo dnf install iproute' },
        { command: 'nft', apt: 'nftables', why: 'call-test --network (NAT, loss, blocked UDP)', elsewhere: 'Fedora: sudo dnf install nftables' },
      ]
    : []),
];

// Debian puts ip and nft in /usr/sbin, which a non-root PATH often lacks; rtcdemo looks there too.
function has(command) {
  return spawnSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = DEPENDENCIES.filter((d) => !has(d.command));
for (const d of DEPENDENCIES.filter((x) => !missing.includes(x))) console.error(`rtcdemo setup: ${d.command} found (${d.why})`);
if (missing.length === 0) process.exit(0);

const names = missing.map((d) => `${d.command} (${d.why})`).join(', ');
if (!has('apt-get')) {
  for (const d of missing) console.error(`rtcdemo setup: no ${d.command} for ${d.why}: install ${d.apt} (${d.elsewhere})`);
  process.exit(3);
}
if (!isRoot && !has('sudo')) {
  console.error(`rtcdemo setup: missing ${names} and not root: run "sudo apt-get install -y ${missing.map((d) => d.apt).join(' ')}"`);
  process.exit(3);
}
console.error(`rtcdemo setup: missing ${names}; installing ${missing.map((d) => d.apt).join(' ')} with apt-get…`);
try {
  aptGet(['update']);
  // --no-install-recommends: coturn's recommends pull in database servers rtcdemo never uses.
  aptGet(['install', '-y', '--no-install-recommends', ...missing.map((d) => d.apt)]);
} catch {
  console.error(`rtcdemo setup: apt-get could not install ${missing.map((d) => d.apt).join(' ')}; install them yourself`);
  process.exit(3);
}
const still = missing.filter((d) => !has(d.command));
if (still.length) {
  console.error(`rtcdemo setup: installed, but ${still.map((d) => d.command).join(', ')} is still not on PATH`);
  process.exit(3);
}
console.error(`rtcdemo setup: installed ${missing.map((d) => d.apt).join(' ')}`);
