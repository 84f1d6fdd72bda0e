/**
 * `rtcdemo serve`'s flags, parsed and checked: each value that cannot work (a path browsers would rewrite, a limit
 * below what one PeerJS client needs) is a UsageError naming the flag, why, and what would work.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { UsageError } from '../core/errors.js';
import { parseByteSize, parseDuration, parsePort, parsePositiveInt } from './options.js';
import { DEFAULT_ALIVE_TIMEOUT_MS, type SignalingEngine } from '../server/signaling-server.js';
import { DEFAULT_LIMITS, LIMIT_FLOORS, type ServerLimits } from '../server/limits.js';
import { parseAllowedOrigin } from '../server/origin-policy.js';
import { KEY_MAX_LENGTH } from '../server/peerjs-protocol.js';
import type { HttpsOption } from '../server/tls.js';

export interface ServeFlags {
  port: string;
  host: string;
  path: string;
  key: string;
  quiet?: boolean;
  allowDiscovery?: boolean;
  https?: boolean;
  cert?: string;
  certKey?: string;
  maxPayload: string;
  maxQueuedPerPeer: string;
  maxQueued: string;
  maxQueuedBytes: string;
  maxRate: string;
  maxBurst?: string;
  maxConnectionsPerIp: string;
  maxPeers: string;
  maxPendingSocketsPerIp: string;
  expireTimeout: string;
  aliveTimeout: string;
  allowOrigin: string[];
  engine: SignalingEngine;
}

const KEY_PATTERN = new RegExp(`^[A-Za-z0-9._~-]{1,${KEY_MAX_LENGTH}}$`);
/** PeerJS sends a HEARTBEAT every 5 s (peerjs lib/socket.ts, pingInterval). */
const PEERJS_HEARTBEAT_MS = 5000;
/** A browser keeps up to 6 connections per host (page, assets, /id) and opens a WebSocket per Peer. */
const MIN_PENDING_SOCKETS = 8;

export interface ParsedServeOptions {
  port: number;
  host: string;
  path: string;
  key: string;
  allowDiscovery: boolean;
  https: HttpsOption | undefined;
  limits: Partial<ServerLimits>;
  expireTimeoutMs: number;
  aliveTimeoutMs: number;
  allowOrigins: string[];
  engine: SignalingEngine;
}

export function parseServeFlags(flags: ServeFlags): ParsedServeOptions {
  if (!/^(?:[A-Za-z0-9.-]+|\[?[0-9A-Fa-f:.]+\]?)$/.test(flags.host)) {
    throw new UsageError(`--host must be a host name or IP address such as localhost, 0.0.0.0 or ::1, got "${flags.host}"`);
  }
  parsePath(flags.path);
  if (!KEY_PATTERN.test(flags.key)) {
    throw new UsageError(`--key must be 1 to ${KEY_MAX_LENGTH} letters, digits, ".", "_", "~" or "-", got "${flags.key}"`);
  }
  const maxMessagesPerSecond = parsePositiveInt('--max-rate', flags.maxRate, { max: 1_000_000 });
  const maxPayloadBytes = parseByteSize('--max-payload', flags.maxPayload, { min: 1, max: LIMIT_FLOORS.maxPayloadCeiling });
  const limits = {
    maxPayloadBytes,
    maxQueuedPerPeer: parsePositiveInt('--max-queued-per-peer', flags.maxQueuedPerPeer, { max: 1_000_000 }),
    maxQueuedTotal: parsePositiveInt('--max-queued', flags.maxQueued, { max: 10_000_000 }),
    maxQueuedBytes: parseByteSize('--max-queued-bytes', flags.maxQueuedBytes, { min: 1, max: 1024 ** 3 }),
    maxMessagesPerSecond,
    maxBurst: flags.maxBurst === undefined ? undefined : parsePositiveInt('--max-burst', flags.maxBurst, { max: 10_000_000 }),
    maxConnectionsPerIp: parsePositiveInt('--max-connections-per-ip', flags.maxConnectionsPerIp, { max: 10_000_000 }),
    maxPeers: parsePositiveInt('--max-peers', flags.maxPeers, { max: 10_000_000 }),
    maxPendingSocketsPerIp: parsePositiveInt('--max-pending-sockets-per-ip', flags.maxPendingSocketsPerIp, { max: 1_000_000 }),
  };
  checkLimitFloors(flags, limits);
  const aliveTimeoutMs = parseDuration('--alive-timeout', flags.aliveTimeout, { minMs: 1000, maxMs: 24 * 3600_000 });
  if (aliveTimeoutMs < 2 * PEERJS_HEARTBEAT_MS) {
    throw new UsageError(`--alive-timeout ${flags.aliveTimeout} would drop every PeerJS client: they send a HEARTBEAT every ${PEERJS_HEARTBEAT_MS / 1000} s; use at least ${(2 * PEERJS_HEARTBEAT_MS) / 1000}s (default ${DEFAULT_ALIVE_TIMEOUT_MS / 1000}s)`);
  }
  return {
    port: parsePort('--port', flags.port),
    host: flags.host.replace(/^\[(.*)\]$/, '$1'),
    path: flags.path,
    key: flags.key,
    allowDiscovery: Boolean(flags.allowDiscovery),
    https: parseHttps(flags),
    limits: {
      ...limits,
      // The default ratio (10 000 / 1 000 per second): ten seconds' worth.
      maxBurst: limits.maxBurst ?? maxMessagesPerSecond * 10,
    },
    expireTimeoutMs: parseDuration('--expire-timeout', flags.expireTimeout, { minMs: 100, maxMs: 3600_000 }),
    aliveTimeoutMs,
    allowOrigins: (flags.allowOrigin ?? []).map((value) => {
      try {
        return parseAllowedOrigin(value);
      } catch (error) {
        throw new UsageError(`--allow-origin ${(error as Error).message}`);
      }
    }),
    engine: flags.engine ?? 'rtcdemo',
  };
}

/**
 * The client pastes path and key into URLs unescaped (peerjs lib/socket.ts, lib/api.ts): keep them URL-safe. Dot
 * segments are refused too: browsers and URL parsers resolve `..` away, so the client would connect elsewhere.
 * (Segments are matched one at a time: a nested quantifier here would backtrack for seconds on a long bad value.)
 */
function parsePath(path: string): void {
  const segments = path.split('/').slice(path.startsWith('/') ? 1 : 0);
  if (segments.at(-1) === '') segments.pop();
  const bad = segments.find((segment) => !/^[A-Za-z0-9._~-]+$/.test(segment) || segment === '.' || segment === '..');
  if (path.length > 256 || bad !== undefined) {
    throw new UsageError(`--path must be a URL path of letters, digits, ".", "_", "~", "-" and single "/", without "." or ".." segments, such as / or /signal/, got "${path}"`);
  }
}

/** Values below what one PeerJS client needs would refuse every client: say so now (exit 2), not to each client. */
function checkLimitFloors(flags: ServeFlags, limits: { maxPayloadBytes: number; maxQueuedPerPeer: number; maxQueuedBytes: number; maxBurst: number | undefined; maxPendingSocketsPerIp: number }): void {
  const kib = (bytes: number) => `${bytes / 1024}KiB`;
  if (limits.maxPayloadBytes < LIMIT_FLOORS.maxPayloadBytes) {
    throw new UsageError(`--max-payload ${flags.maxPayload} is below one PeerJS offer: Chromium's offer for audio and video is ~6 KiB before any connect() metadata (measured); use at least ${kib(LIMIT_FLOORS.maxPayloadBytes)} (default ${sizeDefault(DEFAULT_LIMITS.maxPayloadBytes)})`);
  }
  if (limits.maxQueuedBytes < LIMIT_FLOORS.maxQueuedBytes) {
    throw new UsageError(`--max-queued-bytes ${flags.maxQueuedBytes} cannot hold one PeerJS offer (~6 KiB for audio and video, measured); use at least ${kib(LIMIT_FLOORS.maxQueuedBytes)}`);
  }
  if (limits.maxBurst !== undefined && limits.maxBurst < LIMIT_FLOORS.maxBurst) {
    throw new UsageError(`--max-burst ${flags.maxBurst} is below one connect(): PeerJS sends an OFFER and its CANDIDATEs at once (13 frames for a media call, measured); use at least ${LIMIT_FLOORS.maxBurst} (default ${DEFAULT_LIMITS.maxBurst})`);
  }
  if (limits.maxQueuedPerPeer < LIMIT_FLOORS.maxQueuedPerPeer) {
    throw new UsageError(`--max-queued-per-peer ${flags.maxQueuedPerPeer} cannot hold one connection attempt (an OFFER and up to a dozen CANDIDATEs); use at least ${LIMIT_FLOORS.maxQueuedPerPeer}`);
  }
  if (limits.maxPendingSocketsPerIp < MIN_PENDING_SOCKETS) {
    throw new UsageError(`--max-pending-sockets-per-ip ${flags.maxPendingSocketsPerIp} is below one browser: it opens up to 6 connections per host and a WebSocket per Peer; use at least ${MIN_PENDING_SOCKETS}`);
  }
}

function parseHttps(flags: ServeFlags): HttpsOption | undefined {
  if (flags.cert === undefined && flags.certKey === undefined) return flags.https ? 'self-signed' : undefined;
  if (flags.cert === undefined || flags.certKey === undefined) {
    throw new UsageError(`${flags.cert === undefined ? '--cert-key needs --cert' : '--cert needs --cert-key'} (both PEM files), or use --https alone for a self-signed certificate`);
  }
  const files = { cert: readPem('--cert', flags.cert), key: readPem('--cert-key', flags.certKey) };
  try {
    createSecureContext(files);
  } catch (error) {
    throw new UsageError(`--cert ${flags.cert} and --cert-key ${flags.certKey} are not a matching PEM certificate and key: ${(error as Error).message}`);
  }
  return files;
}

function readPem(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function sizeDefault(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024}MiB` : `${bytes / 1024}KiB`;
}
