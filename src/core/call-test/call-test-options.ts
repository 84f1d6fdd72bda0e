/**
 * call-test's options for library callers: the CLI's defaults, `--expect` criteria as strings, a server as
 * a URL. `rtcdemo call-test` parses its flags into the same CallTestOptions.
 */
import type { IceConfig, SignalingTarget, Serialization } from '../../protocol.js';
import type { CallTestTurnOptions } from './call-test-ice.js';
import { formatServerUrl, parseServerUrl } from '../server-url.js';
import { packageVersion } from '../../shared/package-root.js';
import { defaultCriteria, parseExpectation, resolveCriteria } from './criteria.js';
import type { CallTestOptions } from './run-call-test.js';
import { MIN_CALL_TEST_DURATION_MS, checkMessageFits } from './call-test-limits.js';
import { UsageError } from '../errors.js';
import { parseBrowserEndpoint } from '../browser/browser-endpoint.js';
import type { Placement } from './placement.js';
import { parseListenAddress, parsePublicUrl } from './listen-address.js';

export interface CallTestInput {
  /** An external PeerJS server (URL or options); omitted, call-test starts its own on a free port. */
  server?: string | SignalingTarget;
  /** The key of `server` when it is a URL (default `peerjs`). */
  key?: string;
  /** Check messages (default 100). */
  messages?: number;
  /** Bytes per check message (default 64). */
  size?: number;
  serialization?: Serialization;
  /** Bytes of the bulk transfer (default 4 MiB; 0 skips it). */
  bulkBytes?: number;
  /** Media window in ms (default 5000). */
  durationMs?: number;
  /** Receiver/sender pairs (default 1). */
  pairs?: number;
  /** Pass criteria as for `--expect`, e.g. `['data.rtt.p95<50']`; each replaces the defaults on its metric. */
  expect?: string[];
  browserPath?: string;
  /** STUN/TURN servers and iceTransportPolicy for both agents (default none: host candidates only). */
  ice?: IceConfig;
  /** Run a TURN server (coturn) for the run; both agents go relay-only. `{ transports: ['udp'] }` on loopback. */
  turn?: CallTestTurnOptions | null;
  /** Stills of each side's remote video at the first frame and the end of the window, as `video-snapshot` events (for reports). */
  snapshots?: boolean;
  /**
   * Running browsers to use instead of one launched here, as for `--connect`: `ws://…/devtools/browser/…` or
   * `http://host:9222` (Chrome DevTools), `webdriver+http://host:4444` (W3C WebDriver), `local`. docs/scale-out.md.
   */
  connect?: string[];
  /** How pairs spread over several browsers (default `split`: receivers on the first half). */
  placement?: Placement;
  /** Where the private server listens (default 127.0.0.1; remote browsers must reach it). */
  listen?: string;
  /** The URL remote browsers use to reach the private server, when not the listen address. */
  publicUrl?: string;
  /** Abort to stop early (everything is still closed). */
  signal?: AbortSignal;
  onEvent?: CallTestOptions['onEvent'];
  onConsole?: (line: string) => void;
  /** Report both pages' signaling messages and connection states as `trace` events (docs/trace.md). */
  trace?: boolean;
}

export const CALL_TEST_DEFAULTS = { messages: 100, size: 64, serialization: 'binary', bulkBytes: 4 * 1024 * 1024, durationMs: 5000, pairs: 1 } as const;

/** Fills in the defaults; a malformed `expect` or server URL, or a value that can't work (call-test-limits.ts), throws a UsageError. */
export function callTestOptions(input: CallTestInput = {}): CallTestOptions {
  const server = input.server === undefined ? null : typeof input.server === 'string' ? parseServerUrl('server', input.server, input.key) : input.server;
  const messages = input.messages ?? CALL_TEST_DEFAULTS.messages;
  const size = input.size ?? CALL_TEST_DEFAULTS.size;
  const serialization = input.serialization ?? CALL_TEST_DEFAULTS.serialization;
  const durationMs = input.durationMs ?? CALL_TEST_DEFAULTS.durationMs;
  if (!(durationMs >= MIN_CALL_TEST_DURATION_MS)) {
    throw new UsageError(`durationMs must be at least ${MIN_CALL_TEST_DURATION_MS} (fps and bitrate are rates over this window), got ${durationMs}`);
  }
  checkMessageFits(size, serialization, messages, { size: `size ${size}`, serialization: 'serialization', largest: (bytes) => `size ${bytes}` });
  return {
    server,
    serverUrl: server ? formatServerUrl(server) : null,
    messages,
    size,
    serialization,
    bulkBytes: input.bulkBytes ?? CALL_TEST_DEFAULTS.bulkBytes,
    durationMs,
    pairs: input.pairs ?? CALL_TEST_DEFAULTS.pairs,
    // Relay-only (own TURN server or iceTransportPolicy 'relay'): both selected pairs must be relay.
    criteria: resolveCriteria(defaultCriteria({ messages, relay: Boolean(input.turn) || input.ice?.iceTransportPolicy === 'relay' }), (input.expect ?? []).map(parseExpectation)),
    snapshots: input.snapshots ?? false,
    toolVersion: packageVersion(),
    browserPath: input.browserPath,
    ice: input.ice,
    turn: input.turn ?? null,
    endpoints: (input.connect ?? []).map((e) => parseBrowserEndpoint('connect', e)),
    placement: input.placement,
    listen: input.listen === undefined ? undefined : (parseListenAddress(input.listen), input.listen),
    publicUrl: input.publicUrl === undefined ? undefined : parsePublicUrl(input.publicUrl),
    signal: input.signal ?? new AbortController().signal,
    onEvent: input.onEvent,
    onConsole: input.onConsole,
    trace: input.trace,
  };
}
