/**
 * rtcdemo as a library (package.json `exports["."]`): the signaling server, headless Chromium agents and
 * the call test, for your own WebRTC tests in vitest or Playwright. docs/api.md shows them in use.
 * The CLI (src/cli) is a skin over exactly these.
 */
import type { CallTestResult } from './core/call-test/result.js';
import { callTestOptions, type CallTestInput } from './core/call-test/call-test-options.js';

/** Runs the whole call test (own server unless `server` is given, two agents, four checks) and returns the report. */
export async function runCallTest(input: CallTestInput = {}): Promise<CallTestResult> {
  const options = callTestOptions(input);
  // Loaded on use: it brings puppeteer.
  const { runCallTest: run } = await import('./core/call-test/run-call-test.js');
  return run(options);
}
export type { CallTestInput };
export { CALL_TEST_DEFAULTS } from './core/call-test/call-test-options.js';
export type { CallTestResult, CallTestMetrics, CheckResult, CheckName, Criterion, PairResult, TimelineEntry, PhaseName, HarnessTimings } from './core/call-test/result.js';
export { CALL_TEST_SCHEMA_VERSION } from './core/call-test/result.js';
export { validateCallTestResult } from './core/call-test/schema.js';
export { METRIC_NAMES, type MetricName } from './core/call-test/metrics.js';

export { startSignalingServer, DEFAULT_PORT, type SignalingServer, type SignalingServerOptions } from './server/signaling-server.js';

export { openAgent, withAgent, type Agent, type AgentOptions, type AgentCallResult, type ReceivedMessage } from './core/agent/open-agent.js';

export type { RtcdemoEvent, RtcdemoEventMap, RtcdemoEventType, RtcdemoEventOf, RtcdemoEventListener } from './core/events.js';
export type { AudioDirectionMetrics, VideoDirectionMetrics, RttSummary } from './core/metrics/types.js';
export type { MediaWindowSummary } from './core/metrics/media-window.js';
export type { MediaSecond, DirectionSecond } from './core/metrics/media-series.js';
export type { TraceEvent } from './core/trace.js';
export { CheckFailedError, EnvironmentError, ExitCode, isRtcdemoError, UsageError, type RtcdemoError } from './core/errors.js';
export { formatServerUrl, parseServerUrl } from './core/server-url.js';
export { startTurnServer, type TurnServer, type TurnServerOptions } from './core/turn/turn-server.js';
export type { TurnTransport } from './core/turn/turnserver-args.js';
export type { CallTestTurnOptions } from './core/call-test/call-test-ice.js';
export { parseIceServersJson, parseIceUrl, redactIceServers } from './core/ice/ice-servers.js';
export { summarizeIce, describePair, describeGathered, type IceSideSummary, type CandidateGroup } from './shared/ice-candidate.js';
export type { AgentEvent, MessageDescription, SendMessagesResult, SentMessage, Serialization, SignalingTarget, CandidatePairInfo, TraceRecord, SdpSummary, CandidateSummary, IceConfig, IceServerConfig, IceConnectionReport } from './protocol.js';
