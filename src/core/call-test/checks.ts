/**
 * call-test's four checks for one receiver/sender pair, in order: signaling, data, video, hang-up. Each
 * writes its metrics, error and duration into the pair's RunState; a failed step skips the ones that need it.
 */
import type { AgentEvent, DepartureSignal, IceConfig, SignalingTarget, VideoCodecName } from '../../protocol.js';
import { toAgentError, type AgentPage } from '../agent/agent-page.js';
import { codecMismatch } from '../codec.js';
import type { AgentEventLog } from '../agent/event-log.js';
import { explainAgentError, needsServerDiagnosis } from '../agent/agent-errors.js';
import { diagnoseServer } from '../server-probe.js';
import { trustsSelfSigned } from '../agent/agent-session.js';
import { raceAbort } from '../abort.js';
import { rtcdemoEvent } from '../events.js';
import { departureKind } from '../../shared/departure.js';
import { summarizeMediaWindow, watchMedia } from '../metrics/media-window.js';
import { directionSeries, secondsOf } from '../metrics/media-series.js';
import { lowestFps, summarizeRtt, throughputMBps } from '../metrics/stats.js';
import type { Timeline } from './timeline.js';
import { collectIce } from './call-test-ice.js';
import { snapshotRemoteVideo, type SnapshotMoment } from '../snapshots.js';
import type { CallTestMetrics, CheckName } from './result.js';
import type { CallTestOptions } from './run-call-test.js';

/** How long each step may take before it counts as failed (the default criteria ask for far less). */
const STEP_TIMEOUT_MS = 15_000;
const HANGUP_WAIT_MS = 15_000;

export interface RunState {
  metrics: CallTestMetrics;
  errors: Partial<Record<CheckName, string | null>>;
  skipped: Partial<Record<CheckName, string>>;
  durations: Partial<Record<CheckName, number | null>>;
}

export interface RunContext {
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
  ice: IceConfig;
}

export async function runChecks(ctx: RunContext): Promise<void> {
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
  const peerOptions = { server: ctx.target, ice: ctx.ice, acknowledge: true, timeoutMs: STEP_TIMEOUT_MS, reconnect: true, trace: options.trace };
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
    // The browser hides why the signaling connection failed; Node can tell (certificate, scheme, not PeerJS).
    const serverProblem = needsServerDiagnosis(signalingFailure.reason)
      ? await diagnoseServer(ctx.target, { url: ctx.serverUrl, acceptInsecureCerts: trustsSelfSigned(ctx.target) })
      : undefined;
    const id = r.status === 'rejected' ? receiverId : senderId;
    run.errors.signaling = explainAgentError(signalingFailure.reason, { serverUrl: ctx.serverUrl, key: ctx.target.key, id, serverProblem }).message;
    for (const name of ['data', 'video', 'hangup'] as const) run.skipped[name] = 'signaling failed';
    return;
  }

  // 2. Data
  await runDataCheck(ctx, receiverId);

  // 3. Video
  const videoOk = await runVideoCheck(ctx, cameras, receiverId, senderId);
  // What ICE gathered and selected, read before the hang-up closes the sender's page.
  run.metrics.ice = await raceAbort(collectIce(sender, receiver, senderId, receiverId), options.signal);

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
    options.onEvent?.(rtcdemoEvent('data-check-rtt', { agent: ctx.senderId, peer: receiverId, samplesMs: raw.rttSamplesMs }));
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
    // A codec one side lacks fails here, by name, instead of as a call that never shows a frame.
    if (options.codec) {
      const refused = await codecRefusal(ctx, options.codec);
      if (refused) {
        run.errors.video = refused;
        return false;
      }
    }
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
    // Taken while the window runs, so the pictures don't shift its timings.
    const firstSnapshots = snapshotBothSides(ctx, 'first-frame');

    const [toReceiver, toSender] = await raceAbort(
      Promise.all([
        watchMedia(receiver, senderId, { durationMs: options.durationMs, signal: options.signal }),
        watchMedia(sender, receiverId, { durationMs: options.durationMs, signal: options.signal }),
      ]),
      options.signal,
    );
    timeline.mark('media-window-done');
    await firstSnapshots;
    await snapshotBothSides(ctx, 'last-frame');
    const atReceiver = summarizeMediaWindow(toReceiver);
    const atSender = summarizeMediaWindow(toSender);
    video.windowMs = atReceiver.windowMs;
    video.toReceiver = atReceiver.received;
    video.toSender = atSender.received;
    video.fps = lowestFps(video.toReceiver, video.toSender);
    video.candidatePair = atSender.candidatePair;
    const [receiverSeconds, senderSeconds] = [secondsOf(toReceiver), secondsOf(toSender)];
    video.series = { toReceiver: directionSeries(receiverSeconds, senderSeconds), toSender: directionSeries(senderSeconds, receiverSeconds) };
    run.metrics.audio = { toReceiver: atReceiver.receivedAudio, toSender: atSender.receivedAudio };
    if (options.codec) run.errors.video ??= codecMismatch(options.codec, [['to the receiver', video.toReceiver.codec], ['to the sender', video.toSender.codec]]);
    return true;
  } catch (error) {
    if (options.signal.aborted) throw error;
    run.errors.video = explainAgentError(error, { serverUrl: ctx.serverUrl, to: receiverId }).message;
    return false;
  } finally {
    run.durations.video = timeline.elapsed() - start;
  }
}

/** Both pages prefer `codec`; the first side that can't send and receive it is named. */
async function codecRefusal(ctx: RunContext, codec: VideoCodecName): Promise<string | null> {
  const sides = [['sender', ctx.sender], ['receiver', ctx.receiver]] as const;
  const results = await Promise.allSettled(sides.map(([, page]) => page.preferVideoCodec(codec)));
  for (const [i, result] of results.entries()) {
    if (result.status === 'rejected') return `--codec ${codec}: the ${sides[i]![0]}'s browser refused it: ${toAgentError(result.reason).message}`;
  }
  return null;
}

/** Each side's remote video, when the run asked for snapshots. Never rejects. */
async function snapshotBothSides(ctx: RunContext, moment: SnapshotMoment): Promise<void> {
  if (!ctx.options.snapshots) return;
  const { receiverId, senderId, options } = ctx;
  await Promise.all([
    snapshotRemoteVideo(ctx.receiver, { agent: receiverId, peer: senderId }, moment, options.onEvent),
    snapshotRemoteVideo(ctx.sender, { agent: senderId, peer: receiverId }, moment, options.onEvent),
  ]);
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

