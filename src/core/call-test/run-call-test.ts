/**
 * `rtcdemo call-test`: server, browser, two agents, the four checks, a verdict. Returns the report as data.
 *
 * What can run at once does (measured in BENCHMARKS.md): the server starts while Chromium launches, both
 * pages open together, both peers register together, and both cameras warm up while the data check runs.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { NO_ICE_SERVERS, type AgentEvent, type IceConfig, type Serialization, type SignalingTarget, type VideoCodecName } from '../../protocol.js';
import { trustsSelfSigned } from '../agent/agent-session.js';
import { withSideSessions, type PlacedBrowsers, type SideBrowsers, type SideSessions } from './side-sessions.js';
import type { Placement } from './placement.js';
import type { BrowserEndpoint } from '../browser/browser-endpoint.js';
import { AGENT_PAGE_PATH } from '../../server/agent-page-route.js';
import { browserReports } from './browser-report.js';
import { AgentEventLog } from '../agent/event-log.js';
import { raceAbort } from '../abort.js';
import { UsageError } from '../errors.js';
import { rtcdemoEvent, type RtcdemoEventListener } from '../events.js';
import { agentEventOf, createTraceMerger } from '../trace.js';
import { startOwnServer, type OwnServer } from './own-server.js';
import { agentIceConfig, browserArgsForTurn, startCallTestTurn, type CallTestTurnOptions } from './call-test-ice.js';
import type { TurnServer } from '../turn/turn-server.js';
import { redactIceServers } from '../ice/ice-servers.js';
import { createTimeline, harnessTimings } from './timeline.js';
import { runChecks, type RunState } from './checks.js';
import type { SignalingEngine } from '../../server/signaling-server.js';
import { evaluateChecks, verdictOf, type SourcedExpectation } from './criteria.js';
import { CALL_TEST_SCHEMA_VERSION, emptyMetrics, type BrowserReport, type CallTestResult, type CheckResult, type PairResult } from './result.js';

export interface CallTestOptions {
  /** An external signaling server; null starts our own on a free port. */
  server: SignalingTarget | null;
  serverUrl: string | null;
  /** Which engine our own server runs when `server` is null (default rtcdemo's). */
  engine?: SignalingEngine;
  messages: number;
  size: number;
  serialization: Serialization;
  bulkBytes: number;
  durationMs: number;
  /** Receiver/sender pairs, all in one browser, all checks each. */
  pairs: number;
  criteria: SourcedExpectation[];
  /** Take stills of each side's remote video at the first frame and at the end of the media window (`video-snapshot` events). */
  snapshots?: boolean;
  toolVersion: string;
  browserPath?: string;
  /** STUN/TURN servers from --ice-server/--ice-servers and --relay-only; default none. */
  ice?: IceConfig;
  /** --turn: run a TURN server, give it to both agents, and make them relay-only. */
  turn?: CallTestTurnOptions | null;
  /** coturn's log lines (with --verbose). */
  onTurnLog?: (line: string) => void;
  /**
   * Each side in its own browser with its own launch options (the network lab); default: one browser for both.
   * Not with `endpoints`, which places pages over the browsers given instead.
   */
  browsers?: SideBrowsers;
  /** Starts the private signaling server when `server` is null (default: ours on 127.0.0.1; the lab's runs in its wan). */
  startServer?: (engine?: SignalingEngine) => Promise<OwnServer>;
  /** The video codec both sides prefer (setCodecPreferences); null or omitted: the browsers' default. */
  codec?: VideoCodecName | null;
  /**
   * Browsers to use instead of one launched here (`--connect`, repeatable): pages are spread over them by
   * `placement` (default split: receivers on the first, senders on the others). Remote ones load the agent
   * page from the signaling server, so it must be reachable from them (`listen`, `publicUrl`).
   */
  endpoints?: BrowserEndpoint[];
  placement?: Placement;
  /** Where our own server listens (default 127.0.0.1 on a free port). */
  listen?: string;
  /** The URL browsers elsewhere use to reach our own server, when not the listen address. */
  publicUrl?: string;
  signal: AbortSignal;
  /** Progress: phases as they are reached, and every page's events (agent names are the peer ids). */
  onEvent?: RtcdemoEventListener;
  onConsole?: (line: string) => void;
  /** --trace: both pages report their signaling messages and connection states, as `trace` events in time order. */
  trace?: boolean;
}

export async function runCallTest(options: CallTestOptions): Promise<CallTestResult> {
  const startedAt = new Date().toISOString();
  const timeline = createTimeline((entry) => options.onEvent?.(rtcdemoEvent('phase', entry)));
  const pairs: PairRun[] = Array.from({ length: options.pairs }, (_, i) => ({ ...pairIds(options, i), run: newRunState(options) }));
  let browserVersion: string | null = null;
  let ownServer: OwnServer | null = null;
  // The server starts while Chromium launches; whichever fails, the other is still closed.
  const startServer = () => (options.startServer ? options.startServer(options.engine) : startOwnServer({ listen: options.listen, publicUrl: options.publicUrl, engine: options.engine }));
  const serverReady = options.server ? Promise.resolve(null) : startServer().then((s) => { ownServer = s; timeline.mark('server-listening'); return s; });
  serverReady.catch(() => undefined);
  const traces = options.trace ? createTraceMerger((event) => options.onEvent?.(event)) : null;
  // The TURN server starts alongside both.
  let turnServer: TurnServer | null = null;
  const turnReady = options.turn
    ? startCallTestTurn(options.turn, options.onTurnLog).then((t) => { turnServer = t; timeline.mark('turn-server-ready'); return t; })
    : Promise.resolve(null);
  turnReady.catch(() => undefined);
  let ice = options.ice ?? NO_ICE_SERVERS;
  let placed: Pick<SideSessions, 'all' | 'placements'> | null = null;
  try {
    if (options.endpoints?.length && options.browsers) throw new UsageError('remote browsers (--connect) and browsers per side (--network) are exclusive: choose one');
    const browsers = options.endpoints?.length ? await placedBrowsers(options, serverReady) : options.browsers;
    // Except with turns:: Chromium must be told which certificate to trust when it starts.
    const tlsTurn = options.turn?.transports.includes('tls') ? await raceAbort(turnReady, options.signal) : null;
    await withSideSessions(
      {
        browserPath: options.browserPath,
        onConsole: options.onConsole,
        acceptInsecureCerts: trustsSelfSigned(options.server),
        signal: options.signal,
        extraBrowserArgs: browserArgsForTurn(tlsTurn),
        onPhase: (phase) => { if (phase === 'browser-launched') timeline.mark('browser-launched'); },
      },
      browsers,
      options.pairs,
      async (sessions) => {
        browserVersion = sessions.browserVersion;
        placed = sessions;
        const logs = pairs.map(() => ({ receiver: new AgentEventLog(), sender: new AgentEventLog() }));
        const reportTo = (log: AgentEventLog, agent: string) => (event: AgentEvent) => {
          const reported = agentEventOf(agent, event);
          // Trace records only pass through (the merger puts both pages in time order); the log keeps what the checks wait for.
          if (reported.type === 'trace') traces?.push(reported);
          else {
            log.push(event);
            options.onEvent?.(reported);
          }
        };
        const opened = await raceAbort(
          Promise.all([
            Promise.all(logs.flatMap((log, i) => [sessions.forPair(i).receiver.openPage(pairs[i]!.receiverId, reportTo(log.receiver, pairs[i]!.receiverId)), sessions.forPair(i).sender.openPage(pairs[i]!.senderId, reportTo(log.sender, pairs[i]!.senderId))])),
            serverReady,
            turnReady,
          ]),
          options.signal,
        );
        timeline.mark('pages-ready');
        const [pages, server, turn] = opened;
        ice = agentIceConfig(options.ice ?? NO_ICE_SERVERS, turn, options.turn?.transports ?? []);
        const target = options.server ?? server!.target;
        const serverUrl = options.serverUrl ?? server!.url;
        // Every pair runs every check at once; only the first pair writes the timeline.
        await Promise.all(
          pairs.map((pair, i) =>
            runChecks({
              options,
              timeline: i === 0 ? timeline : createTimeline(),
              run: pair.run,
              receiver: pages[2 * i]!,
              sender: pages[2 * i + 1]!,
              receiverLog: logs[i]!.receiver,
              receiverId: pair.receiverId,
              senderId: pair.senderId,
              target,
              serverUrl,
              ice,
            }),
          ),
        );
      },
    );
  } finally {
    traces?.close();
    // The server may still be starting when the browser fails: wait for it, then close it.
    await serverReady.catch(() => null);
    await (ownServer as OwnServer | null)?.close();
    await turnReady.catch(() => null);
    await (turnServer as TurnServer | null)?.stop();
  }
  timeline.mark('teardown-done');
  const pairResults: PairResult[] = pairs.map((pair, i) => {
    const checks = evaluateChecks(pair.run.metrics, options.criteria, pair.run.errors, pair.run.durations, pair.run.skipped);
    const where = (placed as Pick<SideSessions, 'placements'> | null)?.placements[i];
    return { index: i + 1, receiverId: pair.receiverId, senderId: pair.senderId, receiverBrowser: where ? where.receiver + 1 : null, senderBrowser: where ? where.sender + 1 : null, verdict: verdictOf(checks), checks, metrics: pair.run.metrics };
  });
  const browserList: BrowserReport[] = browserReports((placed as Pick<SideSessions, 'all'> | null)?.all.map((s) => s.browser) ?? [], pairResults);
  const checks = mergeChecks(pairResults);
  return {
    schemaVersion: CALL_TEST_SCHEMA_VERSION,
    tool: { name: 'rtcdemo', version: options.toolVersion },
    startedAt,
    environment: { node: process.version, browser: browserVersion, platform: `${process.platform}-${process.arch}`, cores: os.availableParallelism() },
    options: {
      server: options.serverUrl,
      messages: options.messages,
      size: options.size,
      serialization: options.serialization,
      bulkBytes: options.bulkBytes,
      durationMs: options.durationMs,
      pairs: options.pairs,
      ice: {
        servers: redactIceServers(ice.iceServers),
        policy: ice.iceTransportPolicy,
        turn: options.turn ? { transports: options.turn.transports, listenIp: options.turn.listenIp ?? '127.0.0.1' } : null,
      },
      codec: options.codec ?? null,
    },
    verdict: verdictOf(checks),
    checks,
    timeline: timeline.entries(),
    metrics: pairs[0]!.run.metrics,
    harness: harnessTimings(timeline),
    pairs: pairResults,
    network: null,
    browsers: browserList,
  };
}

/**
 * The browsers of a `--connect` run. Remote ones load the agent page from the signaling server, so the
 * server is started first and its URL (as those browsers must use it) goes into each browser's options.
 */
async function placedBrowsers(options: CallTestOptions, serverReady: Promise<OwnServer | null>): Promise<PlacedBrowsers> {
  const server = await serverReady;
  const serverUrl = options.serverUrl ?? server!.url;
  const remotePageUrl = new URL(AGENT_PAGE_PATH, serverUrl).href;
  return {
    list: options.endpoints!.map((connect) => ({ connect, remotePageUrl, browserPath: options.browserPath })),
    placement: options.placement ?? 'split',
  };
}

interface PairRun {
  receiverId: string;
  senderId: string;
  run: RunState;
}

/**
 * The tutorial's ids on our own private server; on a shared (--server) one a random suffix keeps runs apart.
 * With several pairs each gets its number.
 */
function pairIds(options: CallTestOptions, index: number): { receiverId: string; senderId: string } {
  const number = options.pairs > 1 ? `-${index + 1}` : '';
  const suffix = options.server ? `-${randomBytes(4).toString('hex')}` : '';
  return { receiverId: `receiver${number}${suffix}`, senderId: `sender${number}${suffix}` };
}

function newRunState(options: CallTestOptions): RunState {
  return { metrics: emptyMetrics(options), errors: {}, skipped: {}, durations: {} };
}

/**
 * One result per check across pairs: it fails when it fails in any pair. Criteria are the first pair's;
 * another pair's failure is named in `error` ("pair 3: video.fps 8.1 fps (expected >= 10)").
 */
export function mergeChecks(pairs: PairResult[]): CheckResult[] {
  const first = pairs[0]!;
  if (pairs.length === 1) return first.checks;
  return first.checks.map((check, c) => {
    const all = pairs.map((p) => p.checks[c]!);
    const failures = pairs.flatMap((p) => {
      const k = p.checks[c]!;
      if (k.status !== 'fail') return [];
      const failed = k.criteria.filter((x) => !x.pass).map((x) => `${x.metric} ${x.actual === null ? 'not measured' : Number(x.actual.toFixed(2))} (expected ${x.op} ${x.expected})`);
      return [`pair ${p.index}: ${[k.error, ...failed].filter(Boolean).join('; ')}`];
    });
    const status = all.some((k) => k.status === 'fail') ? 'fail' : all.every((k) => k.status === 'skipped') ? 'skipped' : all.some((k) => k.status === 'skipped') ? 'fail' : 'pass';
    const durations = all.map((k) => k.durationMs).filter((d): d is number => d !== null);
    return {
      ...check,
      status,
      error: failures.length ? failures.join(' | ') : status === 'fail' ? 'skipped in some pairs' : check.error,
      durationMs: durations.length ? Math.max(...durations) : null,
    };
  });
}
