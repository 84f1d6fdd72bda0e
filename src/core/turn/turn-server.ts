/**
 * A coturn TURN server owned by rtcdemo: started on free ports with a fresh random credential, listening
 * and relaying only on the given address, allowed to relay only to the given peer ranges, and stopped on
 * every exit path (its owner's `finally`, the emergency cleanup on a second Ctrl-C or an unexpected exit,
 * and the next run's sweep after a SIGKILL). It can run under a command prefix such as
 * `['ip', 'netns', 'exec', 'lab-wan']` to live inside a network namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EnvironmentError, UsageError } from '../errors.js';
import { trackProcessGroup, trackTempDir } from '../cleanup.js';
import type { IceServerConfig } from '../../protocol.js';
import { LOOPBACK_PEERS, toCoturnRange, turnserverArgs, turnUrls, type TurnTransport } from './turnserver-args.js';
import { findTurnserver } from './find-turnserver.js';
import { freePorts } from './free-ports.js';
import { sweepOrphanTurnServers, TURN_DIR_PREFIX } from './orphans.js';

export interface TurnServerOptions {
  /** Where coturn listens; default 127.0.0.1. Clients' URLs use it too. */
  listenIp?: string;
  /** Where it allocates relay addresses; default listenIp. */
  relayIp?: string;
  /** Peer addresses relays may reach (`10.0.0.0/8`, `10.0.0.1-10.0.0.9`, an IP); default loopback only. */
  allowedPeers?: string[];
  /** Also listen for TLS (turns:) with a fresh self-signed certificate. */
  tls?: boolean;
  /** Run coturn under this command, e.g. ['ip', 'netns', 'exec', 'lab-wan']. */
  commandPrefix?: string[];
  /** The turnserver binary: a name looked up on PATH or a path; default 'turnserver'. */
  binary?: string;
  /** Fixed listening ports (`rtcdemo turn --port`); default free ones from the OS. */
  port?: number;
  tlsPort?: number;
  relayPorts?: { min: number; max: number };
  /** Milliseconds to wait for the listeners; default 10 s. */
  startTimeoutMs?: number;
  /** Every line coturn prints (it is verbose), for --verbose. */
  onLog?: (line: string) => void;
}

export interface TurnServer {
  pid: number;
  listenIp: string;
  port: number;
  tlsPort: number | null;
  realm: string;
  username: string;
  credential: string;
  urls: Record<TurnTransport, string | null>;
  /** SHA-256 of the TLS certificate's public key (base64), for Chromium's --ignore-certificate-errors-spki-list. */
  tlsSpkiSha256: string | null;
  /** The RTCIceServer for clients: all transports, or the ones named. */
  iceServers(transports?: TurnTransport[]): IceServerConfig[];
  /** Resolves when coturn exits (stopped, or died by itself). */
  exited: Promise<void>;
  /** The last lines coturn printed (bounded). */
  logTail(): string[];
  stop(): Promise<void>;
}

export const TURN_REALM = 'rtcdemo';
const LOG_TAIL_LINES = 200;
const DEFAULT_START_TIMEOUT_MS = 10_000;

export async function startTurnServer(options: TurnServerOptions = {}): Promise<TurnServer> {
  const binary = findTurnserver(options.binary ?? 'turnserver');
  const listenIp = options.listenIp ?? '127.0.0.1';
  const relayIp = options.relayIp ?? listenIp;
  const allowedPeers = (options.allowedPeers ?? LOOPBACK_PEERS).map((range) => {
    const coturn = toCoturnRange(range);
    if (coturn === null) throw new UsageError(`"${range}" is not a peer address range: write an IP, a CIDR such as 10.1.0.0/16, or from-to`);
    return coturn;
  });
  sweepOrphanTurnServers();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `${TURN_DIR_PREFIX}${process.pid}-`));
  const untrackDir = trackTempDir(stateDir);
  let tlsSpkiSha256: string | null = null;
  try {
    let tls = null;
    const [port = 0, tlsPort = 0] = await portsFor(listenIp, options);
    if (options.tls) {
      const { createSelfSignedCertificate } = await import('../../server/tls.js');
      const { cert, key } = await createSelfSignedCertificate(['localhost', listenIp]);
      writeFileSync(path.join(stateDir, 'cert.pem'), cert);
      writeFileSync(path.join(stateDir, 'key.pem'), key, { mode: 0o600 });
      tls = { port: tlsPort, certFile: path.join(stateDir, 'cert.pem'), keyFile: path.join(stateDir, 'key.pem') };
      tlsSpkiSha256 = spkiSha256(cert);
    }
    const username = 'rtcdemo';
    const credential = randomBytes(18).toString('base64url');
    const args = turnserverArgs({ listenIp, relayIp, port, tls, username, credential, realm: TURN_REALM, allowedPeers, stateDir, relayPorts: options.relayPorts });
    const prefix = options.commandPrefix ?? [];
    const [command, ...commandArgs] = [...prefix, binary, ...args];
    // Its own process group: a wrapper (ip netns exec, sudo…) and coturn are stopped together.
    const child = spawn(command!, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrackProcess = child.pid ? trackProcessGroup(child.pid) : () => undefined;
    const tail: string[] = [];
    // One reader per stream for the server's whole life: a second readline that closes would pause the
    // stream, the pipe would fill, and coturn (which logs every allocation) would block writing to it.
    const lineWatchers = new Set<(line: string) => void>();
    const record = (line: string) => {
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      options.onLog?.(line);
      for (const watch of lineWatchers) watch(line);
    };
    createInterface({ input: child.stdout! }).on('line', record);
    createInterface({ input: child.stderr! }).on('line', record);
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        await terminate(child, exited);
        untrackProcess();
        rmSync(stateDir, { recursive: true, force: true });
        untrackDir();
      })();
      return stopping;
    };
    try {
      await waitForListeners(child, tail, lineWatchers, { listenIp, port, tlsPort: tls ? tlsPort : null, timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, command: command! });
    } catch (error) {
      await stop();
      throw error;
    }
    const urls = turnUrls(listenIp, port, tls ? tlsPort : null);
    return {
      pid: child.pid!,
      listenIp,
      port,
      tlsPort: tls ? tlsPort : null,
      realm: TURN_REALM,
      username,
      credential,
      urls,
      tlsSpkiSha256,
      iceServers(transports: TurnTransport[] = ['udp', 'tcp', 'tls']) {
        const list = transports.map((t) => urls[t]).filter((u): u is string => u !== null);
        return list.length ? [{ urls: list, username, credential }] : [];
      },
      exited,
      logTail: () => [...tail],
      stop,
    };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    untrackDir();
    throw error;
  }
}

async function portsFor(listenIp: string, options: TurnServerOptions): Promise<number[]> {
  if (options.port !== undefined && (!options.tls || options.tlsPort !== undefined)) return [options.port, options.tlsPort ?? 0];
  // A namespace has its own ports; a port free here is very likely free in a fresh namespace too, and
  // coturn names a taken one in its log.
  const free = await freePorts(options.commandPrefix?.length ? '127.0.0.1' : listenIp, 2);
  return [options.port ?? free[0]!, options.tlsPort ?? free[1]!];
}

function spkiSha256(certPem: string | Buffer): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** Resolves when coturn says it listens on every port we need; rejects with its own words when it exits or stalls. */
function waitForListeners(
  child: ChildProcess,
  tail: string[],
  lineWatchers: Set<(line: string) => void>,
  want: { listenIp: string; port: number; tlsPort: number | null; timeoutMs: number; command: string },
): Promise<void> {
  const needed = new Set([`UDP:${want.port}`, `TCP:${want.port}`, ...(want.tlsPort === null ? [] : [`TCP:${want.tlsPort}`])]);
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      lineWatchers.delete(onLine);
      child.off('error', onError);
      child.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const why = () => {
      const last = tail.filter((l) => /error|cannot|can't|fail|denied|not supported|in use/i.test(l)).slice(-3);
      return last.length ? `: ${last.map((l) => l.replace(/^\d+: : /, '').trim()).join(' / ')}` : '';
    };
    const onLine = (line: string) => {
      // "IPv4. UDP listener opened on: 127.0.0.1:3478", "IPv4. TLS/TCP listener opened on : 127.0.0.1:3478"
      const m = /(UDP|TCP) listener opened on\s*:\s*(\S+):(\d+)/.exec(line);
      if (m) needed.delete(`${m[1]}:${m[3]}`);
      if (needed.size === 0) done();
    };
    lineWatchers.add(onLine);
    const onError = (error: NodeJS.ErrnoException) =>
      done(new EnvironmentError(`could not start ${want.command}: ${error.code === 'ENOENT' ? 'not found' : error.message}`));
    const onClose = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new EnvironmentError(`the TURN server (coturn) exited at start-up (${signal ?? `code ${code}`})${why()}`));
    child.once('error', onError);
    child.once('close', onClose);
    const timer = setTimeout(
      () => done(new EnvironmentError(`the TURN server (coturn) did not open ${[...needed].join(', ')} on ${want.listenIp} within ${want.timeoutMs / 1000} s${why()}`)),
      want.timeoutMs,
    );
  });
}

/** SIGTERM to the group, SIGKILL after 2 s: coturn normally exits at once. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}
