/**
 * Test hosts for --connect: two Linux network namespaces on a bridge in the root namespace, with no route
 * anywhere else (nothing is forwarded, no default route, no NAT). One runs Chromium with its DevTools port on
 * its namespace address, the other chromedriver (a W3C WebDriver endpoint) allowing only the bridge address;
 * the signaling server (the CLI under test) listens on the bridge address. Needs root; tests skip otherwise.
 *
 * Used by test/e2e/remote-browsers.test.ts, and through bench/import-ts.mjs by bench/remote.mjs and
 * scripts/remote-demo.mjs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findBrowser } from '../../src/core/browser/find-browser.js';
import { CHROMIUM_FLAGS } from '../../src/core/browser/launch-browser.js';

const CHROMEDRIVER = ['/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver'];

/** Null when test hosts can be made here, else why not (the tests skip with it). */
export function remoteHostsUnavailableReason(): string | null {
  try {
    if (process.platform !== 'linux') throw new Error(`test hosts are Linux network namespaces; this is ${process.platform}`);
    if (process.getuid?.() !== 0) throw new Error('test hosts (network namespaces) need root');
    ipPath();
    findBrowser(undefined);
    chromedriverPath();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];

function ipPath(): string {
  const found = IP.find((p) => { try { execFileSync(p, ['-V'], { stdio: 'ignore' }); return true; } catch { return false; } });
  if (!found) throw new Error(`no ip (iproute2) at ${IP.join(', ')}`);
  return found;
}

function chromedriverPath(): string {
  const found = CHROMEDRIVER.find((p) => { try { execFileSync(p, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } });
  if (!found) throw new Error(`no chromedriver at ${CHROMEDRIVER.join(', ')} (Debian: apt-get install chromium-driver)`);
  return found;
}

export interface TestHosts {
  /** The bridge address in the root namespace: where the signaling server listens. */
  serverAddress: string;
  cdpAddress: string;
  webdriverAddress: string;
  namespaces: string[];
  ip(...args: string[]): string;
  remove(): void;
}

export function createTestHosts(): TestHosts {
  const ip = (...args: string[]) => execFileSync(ipPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const tag = `${process.pid % 100000}`;
  const bridge = `rtcdbr${tag}`;
  const subnet = freeSubnet(ip);
  const hosts = [
    { ns: `rtcdemo-rb-${tag}-cdp`, veth: `rtcdc${tag}`, address: `${subnet}.2` },
    { ns: `rtcdemo-rb-${tag}-wd`, veth: `rtcdw${tag}`, address: `${subnet}.3` },
  ];
  const remove = () => {
    for (const h of hosts) { try { ip('netns', 'del', h.ns); } catch { /* not there */ } }
    try { ip('link', 'del', bridge); } catch { /* not there */ }
  };
  remove();
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (const h of hosts) {
      ip('netns', 'add', h.ns);
      ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
      ip('link', 'set', h.veth, 'master', bridge, 'up');
      ip('-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', 'eth0');
      ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
      ip('-n', h.ns, 'link', 'set', 'lo', 'up');
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { serverAddress: `${subnet}.1`, cdpAddress: hosts[0]!.address, webdriverAddress: hosts[1]!.address, namespaces: hosts.map((h) => h.ns), ip, remove };
}

/** A 10.213.x.0/24 that no interface here uses yet. */
function freeSubnet(ip: (...args: string[]) => string): string {
  const used = ip('-4', '-o', 'addr', 'show');
  for (let i = process.pid % 200; i < 400; i++) {
    const candidate = `10.213.${i % 250}`;
    if (!used.includes(` ${candidate}.`)) return candidate;
  }
  throw new Error('no free 10.213.x.0/24 subnet');
}

/** A port the OS says is free on `address` now (for Chromium's secure-origin list, which names a port). */
export function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RemoteProcess {
  child: ChildProcess;
  endpoint: string;
  kill(): Promise<void>;
}

/**
 * Chromium in `ns` with the agent flags and its DevTools port reachable on `address`. Headless Chromium binds
 * DevTools to 127.0.0.1 whatever --remote-debugging-address says (checked with `ss -ltn` in the namespace:
 * only chrome-headless-shell honours it), so a TCP forwarder in the same namespace exposes it, as a pod's
 * port-forward or browserless's proxy would.
 */
export async function startDevtoolsChromium(ns: string, address: string, serverOrigin: string): Promise<RemoteProcess> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-test-cdp-'));
  const args = [
    'netns', 'exec', ns, findBrowser(undefined), '--headless=new', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`,
    `--remote-debugging-address=${address}`, '--remote-debugging-port=0',
    // What docs/scale-out.md tells users to add: the page's origin counts as secure (camera), and real host
    // addresses in ICE candidates (mDNS names don't resolve across hosts).
    `--unsafely-treat-insecure-origin-as-secure=${serverOrigin}`, '--disable-features=WebRtcHideLocalIpsWithMdns', 'about:blank',
  ];
  const child = spawn(ipPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const cleanUp = () => { try { rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch { /* a renderer still exiting: the next run's tmp sweep takes it */ } };
  let forwarder: ChildProcess | null = null;
  try {
    const local = new URL(await lineFrom(child, /DevTools listening on (ws:\/\/\S+)/, `Chromium in ${ns}`));
    forwarder = spawn(ipPath(), ['netns', 'exec', ns, process.execPath, '-e', FORWARDER, address, local.port], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await lineFrom(forwarder, /forwarding (\d+)/, `the DevTools forwarder in ${ns}`, 'stdout');
    const endpoint = `ws://${address}:${port}${local.pathname}`;
    const fwd = forwarder;
    return { child, endpoint, kill: async () => { await killAndWait(child, cleanUp); await killAndWait(fwd); } };
  } catch (error) {
    await killAndWait(child, cleanUp);
    if (forwarder) await killAndWait(forwarder);
    throw error;
  }
}

const FORWARDER = `const net=require('net');const [addr,port]=process.argv.slice(1);
const s=net.createServer((c)=>{const u=net.connect(Number(port),'127.0.0.1');c.pipe(u);u.pipe(c);c.on('error',()=>u.destroy());u.on('error',()=>c.destroy());c.on('close',()=>u.destroy());u.on('close',()=>c.destroy());});
s.listen(0,addr,()=>console.log('forwarding '+s.address().port));`;

function lineFrom(child: ChildProcess, pattern: RegExp, what: string, stream: 'stdout' | 'stderr' = 'stderr'): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing matching ${pattern}: ${text.slice(-500)}`)), 20_000);
    const source = child[stream]!;
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) { clearTimeout(timer); source.off('data', onData); source.resume(); resolve(match[1]!); }
    };
    source.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}): ${text.slice(-500)}`)); });
  });
}

/** chromedriver in `ns`, answering only the bridge address. The port is fixed inside our own namespace. */
export async function startChromedriver(ns: string, address: string, allowedIp: string): Promise<RemoteProcess> {
  const port = 4444;
  const child = spawn(ipPath(), ['netns', 'exec', ns, chromedriverPath(), `--port=${port}`, `--allowed-ips=${allowedIp}`, '--allowed-origins=*'], { stdio: 'ignore' });
  const endpoint = `http://${address}:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${endpoint}/status`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 100 || child.exitCode !== null) throw new Error(`chromedriver in ${ns} did not answer at ${endpoint}/status`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, endpoint, kill: () => killAndWait(child) };
}

function killAndWait(child: ChildProcess, then?: () => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { then?.(); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGKILL');
  });
}

/** chromedriver's session list (GET /sessions, a chromedriver extension; [] when none). */
export async function webdriverSessions(endpoint: string): Promise<unknown[]> {
  const body = (await (await fetch(`${endpoint}/sessions`)).json()) as { value?: unknown[] };
  return body.value ?? [];
}

/** The DevTools browser's page targets. */
export async function devtoolsPages(endpoint: string): Promise<Array<{ url: string }>> {
  const base = endpoint.replace(/^ws:\/\/([^/]+)\/.*/, 'http://$1');
  const targets = (await (await fetch(`${base}/json/list`)).json()) as Array<{ type: string; url: string }>;
  return targets.filter((t) => t.type === 'page');
}
