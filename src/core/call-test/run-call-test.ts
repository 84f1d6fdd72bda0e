/**
 * `rtcdemo call-test`: server, browser, two agents, the four checks, a verdict. Returns the report as data.
 *
 * What can run at once does (measured in BENCHMARKS.md): the server starts while Chromium launches, both
 * pages open together, both peers register together, and both cameras warm up while the data check runs.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AgentEvent, DepartureSignal, Serialization, SignalingTarget } from '../../protocol.js';
import { trustsSelfSigned, withAgentSession } from '../agent/agent-session.js';
import { AgentEventLog } from '../agent/event-log.js';
import { explainAgentError } from '../agent/agent-errors.js';
import type { AgentPage } from '../agent/agent-page.js';
import { raceAbort } from '../abort.js';
import { departureKind } from '../../shared/departure.js';
import { summarizeMediaWindow, watchMedia } from '../metrics/media-window.js';
import { lowestFps, summarizeRtt, throughputMBps } from '../metrics/stats.js';
import { rtcdemoEvent, type RtcdemoEventListener } from '../events.js';
import { startOwnServer, type OwnServer } from './own-server.js';
import { createTimeline, harnessTimings, type Timeline } from './timeline.js';
import { evaluateChecks, verdictOf, type SourcedExpectation } from './criteria.js';
import { CALL_TEST_SCHEMA_VERSION, emptyMetrics, type CallTestMetrics, type CallTestResult, type CheckName, type CheckResult, type PairResult } from './result.js';

export interface CallTestOptions {
  /** An external signaling server; null starts our own on a free port. */
  server: SignalingTarget | null;
  serverUrl: string | null;
  messages: number;
  size: number;
  serialization: Serialization;
  bulkBytes: number;
  durationMs: number;
  /** Receiver/sender pairs, all in one browser, all checks each. */
  pairs: number;
  criteria: SourcedExpectation[];
  toolVersion: string;
  browserPath?: string;
  signal: AbortSignal;
  /** Progress: phases as they are reached, and every page's events (agent names are the peer ids). */
  onEvent?: RtcdemoEventListener;
  onConsole?: (line: string) => void;
}

/** How long each step may take before it counts as failed (the default criteria ask for far less). */
const STEP_TIMEOUT_MS = 15_000;
const HANGUP_WAIT_MS = 15_000;

export async function runCallTest(options: CallTestOptions): Promise<CallTestResult> {
  const startedAt = new Date().toISOString();
  const timeline = createTimeline((entry) => options.onEvent?.(rtcdemoEvent('phase', entry)));
  const pairs: PairRun[] = Array.from({ length: options.pairs }, (_, i) => ({ ...pairIds(options, i), run: newRunState(options) }));
  let browserVersion: string | null = null;
  let ownServer: OwnServer | null = null;
  // The server starts while Chromium launches; whichever fails, the other is still closed.
  const serverReady = options.server ? Promise.resolve(null) : startOwnServer().then((s) => { ownServer = s; timeline.mark('server-listening'); return s; });
  serverReady.catch(() => undefined);
  try {
    await withAgentSession(
      {
        browserPath: options.browserPath,
        onConsole: options.onConsole,
        acceptInsecureCerts: trustsSelfSigned(options.server),
        onPhase: (phase) => { if (phase === 'browser-launched') timeline.mark('browser-launched'); },
      },
      async (session) => {
        browserVersion = session.browser.version;
        const logs = pairs.map(() => ({ receiver: new AgentEventLog(), sender: new AgentEventLog() }));
        const reportTo = (log: AgentEventLog, agent: string) => (event: AgentEvent) => {
          log.push(event);
          options.onEvent?.(rtcdemoEvent('agent', { agent, event }, event.at));
        };
        const opened = await raceAbort(
          Promise.all([
            Promise.all(logs.flatMap((log, i) => [session.openPage(pairs[i]!.receiverId, reportTo(log.receiver, pairs[i]!.receiverId)), session.openPage(pairs[i]!.senderId, reportTo(log.sender, pairs[i]!.senderId))])),
            serverReady,
          ]),
          options.signal,
        );
        timeline.mark('pages-ready');
        const [pages, server] = opened;
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
            }),
          ),
        );
      },
    );
  } finally {
    // The server may still be starting when the browser fails: wait for it, then close it.
    await serverReady.catch(() => null);
    await (ownServer as OwnServer | null)?.close();
  }
  timeline.mark('teardown-done');
  const pairResults: PairResult[] = pairs.map((pair, i) => {
    const checks = evaluateChecks(pair.run.metrics, options.criteria, pair.run.errors, pair.run.durations, pair.run.skipped);
    return { index: i + 1, receiverId: pair.receiverId, senderId: pair.senderId, verdict: verdictOf(checks), checks, metrics: pair.run.metrics };
  });
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
    },
    verdict: verdictOf(checks),
    checks,
    timeline: timeline.entries(),
    metrics: pairs[0]!.run.metrics,
    harness: harnessTimings(timeline),
    pairs: pairResults,
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

interface RunState {
  metrics: CallTestMetrics;
  errors: Partial<Record<CheckName, string | null>>;
  skipped: Partial<Record<CheckName, string>>;
  durations: Partial<Record<CheckName, number | null>>;
}

interface RunContext {
  options: CallTestOptions;
  timeline: Timeline;
  run: RunState;
  receiver: AgentPage;
  sender: AgentPage;
  receiverLog: AgentEventLog;
  receiverId: string;
  senderId: string;
  target: SignalingTarget;
  serverUrl: string;
}

async function runChecks(ctx: RunContext): Promise<void> {
  const { options, timeline, run, receiver, sender } = ctx;
  // The cameras don't depend on signaling: acquire them now, use them in the video check.
  const cameras = Promise.all([sender.warmCamera(), receiver.warmCamera()]).then((ms) => {
    timeline.mark('camera-ready');
    return ms;
  });
  cameras.catch(() => undefined);

  const { receiverId, senderId } = ctx;

  // 1. Signaling
  const signalingStart = timeline.elapsed();
  const peerOptions = { server: ctx.target, iceServers: [], acknowledge: true, timeoutMs: STEP_TIMEOUT_MS, reconnect: true };
  const [r, s] = await raceAbort(
    Promise.allSettled([receiver.startPeer({ ...peerOptions, id: receiverId, answerCalls: true }), sender.startPeer({ ...peerOptions, id: senderId, answerCalls: false })]),
    options.signal,
  );
  if (r.status === 'fulfilled') {
    run.metrics.signaling.receiverOpenMs = r.value.openMs;
    timeline.mark('receiver-open', r.value.at);
  }
  if (s.status === 'fulfilled') {
    run.metrics.signaling.senderOpenMs = s.value.openMs;
    timeline.mark('sender-open', s.value.at);
  }
  run.durations.signaling = timeline.elapsed() - signalingStart;
  const signalingFailure = [r, s].find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (signalingFailure) {
    run.errors.signaling = explainAgentError(signalingFailure.reason, { serverUrl: ctx.serverUrl, id: r.status === 'rejected' ? receiverId : senderId }).message;
    for (const name of ['data', 'video', 'hangup'] as const) run.skipped[name] = 'signaling failed';
    return;
  }

  // 2. Data
  await runDataCheck(ctx, receiverId);

  // 3. Video
  const videoOk = await runVideoCheck(ctx, cameras, receiverId, senderId);

  // 4. Hang-up
  if (!videoOk) {
    run.skipped.hangup = 'the video call did not start';
    return;
  }
  await runHangupCheck(ctx, senderId);
}

async function runDataCheck(ctx: RunContext, receiverId: string): Promise<void> {
  const { options, timeline, run, sender } = ctx;
  const start = timeline.elapsed();
  const data = run.metrics.data;
  try {
    const raw = await raceAbort(
      sender.runDataCheck({
        to: receiverId,
        messages: options.messages,
        size: options.size,
        serialization: options.serialization,
        bulkBytes: options.bulkBytes,
        connectTimeoutMs: STEP_TIMEOUT_MS,
        ackTimeoutMs: STEP_TIMEOUT_MS,
      }),
      options.signal,
    );
    timeline.mark('data-connection-open', raw.at.open);
    if (raw.at.firstAck !== null) timeline.mark('first-message-acknowledged', raw.at.firstAck);
    data.connectionOpenMs = raw.connectionOpenMs;
    data.sent = raw.sent;
    Object.assign(data, { delivered: raw.tally.delivered, lost: raw.tally.lost, duplicated: raw.tally.duplicated, reordered: raw.tally.reordered, corrupted: raw.tally.corrupted });
    data.rtt = summarizeRtt(raw.rttSamplesMs);
    data.bulk = { bytes: raw.bulk.bytes, ms: raw.bulk.ms || null, throughputMBps: throughputMBps(raw.bulk.bytes, raw.bulk.ms || null) };
    run.errors.data = raw.error;
  } catch (error) {
    if (options.signal.aborted) throw error;
    run.errors.data = explainAgentError(error, { serverUrl: ctx.serverUrl, to: receiverId }).message;
  }
  timeline.mark('data-check-done');
  run.durations.data = timeline.elapsed() - start;
}

async function runVideoCheck(ctx: RunContext, cameras: Promise<number[]>, receiverId: string, senderId: string): Promise<boolean> {
  const { options, timeline, run, receiver, sender, receiverLog } = ctx;
  const start = timeline.elapsed();
  const video = run.metrics.video;
  try {
    const [senderCameraMs] = await raceAbort(cameras, options.signal);
    video.getUserMediaMs = senderCameraMs ?? null;
    const call = await raceAbort(sender.call({ to: receiverId, streamTimeoutMs: STEP_TIMEOUT_MS, frameTimeoutMs: STEP_TIMEOUT_MS }), options.signal);
    timeline.mark('call-placed', call.at.called);
    timeline.mark('remote-stream', call.at.stream);
    video.callToStreamMs = call.callToStreamMs;
    // "First frame" is when both directions have decoded one: the call works only when each side sees the other.
    const receiverFrame = await raceAbort(
      receiverLog.waitFor((e): e is Extract<AgentEvent, { type: 'call-first-frame' }> => e.type === 'call-first-frame' && e.peer === senderId, STEP_TIMEOUT_MS),
      options.signal,
    );
    const firstFrameAt = Math.max(call.at.firstFrame, receiverFrame?.at ?? call.at.firstFrame);
    timeline.mark('first-frame', firstFrameAt);
    video.firstFrameMs = firstFrameAt - call.at.called;
    if (!receiverFrame) run.errors.video = `the receiver decoded no frame from the sender within ${STEP_TIMEOUT_MS / 1000} s`;

    const [toReceiver, toSender] = await raceAbort(
      Promise.all([
        watchMedia(receiver, senderId, { durationMs: options.durationMs, signal: options.signal }),
        watchMedia(sender, receiverId, { durationMs: options.durationMs, signal: options.signal }),
      ]),
      options.signal,
    );
    timeline.mark('media-window-done');
    const atReceiver = summarizeMediaWindow(toReceiver);
    const atSender = summarizeMediaWindow(toSender);
    video.windowMs = atReceiver.windowMs;
    video.toReceiver = atReceiver.received;
    video.toSender = atSender.received;
    video.fps = lowestFps(video.toReceiver, video.toSender);
    video.candidatePair = atSender.candidatePair;
    return true;
  } catch (error) {
    if (options.signal.aborted) throw error;
    run.errors.video = explainAgentError(error, { serverUrl: ctx.serverUrl, to: receiverId }).message;
    return false;
  } finally {
    run.durations.video = timeline.elapsed() - start;
  }
}

type DepartureEvent = Extract<AgentEvent, { type: 'call-close' | 'connection-close' }>;

async function runHangupCheck(ctx: RunContext, senderId: string): Promise<void> {
  const { options, timeline, run, sender, receiverLog } = ctx;
  const start = timeline.elapsed();
  const closedAt = Date.now();
  timeline.mark('hangup-started', closedAt);
  // As a user would: close the tab. The page's pagehide handler destroys its peer.
  await sender.closeLikeUser();
  const noticed = await raceAbort(
    receiverLog.waitFor(
      (e): e is DepartureEvent => e.type === 'call-close' && e.peer === senderId && e.at >= closedAt,
      HANGUP_WAIT_MS,
    ),
    options.signal,
  );
  if (noticed) {
    timeline.mark('hangup-detected', noticed.at);
    run.metrics.hangup = { detectMs: Math.max(0, noticed.at - closedAt), detectedBy: describeSignal(noticed.signal) };
  } else {
    run.errors.hangup = `the receiver did not notice the sender leaving within ${HANGUP_WAIT_MS / 1000} s`;
  }
  run.durations.hangup = timeline.elapsed() - start;
}

function describeSignal(signal: DepartureSignal): string {
  return `${signal} (${departureKind(signal)})`;
}

