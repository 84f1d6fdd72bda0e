/**
 * The JSON Schema (draft 2020-12) of `rtcdemo call-test --json`, and a small validator for the subset of
 * keywords it uses (type with type arrays for nullable fields, required, properties, items, enum, const and
 * local $ref), so tests and users can check a report without a schema library.
 *
 * Objects do not forbid extra properties: a consumer written against one schema version keeps working when a
 * later release adds a field (adding is not a version bump; changing a meaning is, see result.ts).
 */
import { SERIALIZATIONS } from '../../protocol.js';
import { CALL_TEST_SCHEMA_VERSION, type CheckName, type CheckStatus, type ComparisonOp, type PhaseName } from './result.js';

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: ReadonlyArray<string | number | null>;
  const?: string | number;
}

// The unions of result.ts as values. The `_…Complete` lines fail to compile when a union gains a member
// that is missing here, so the schema cannot silently fall behind the type.
const PHASES = [
  'server-listening', 'turn-server-ready', 'browser-launched', 'pages-ready', 'receiver-open', 'sender-open', 'data-connection-open',
  'first-message-acknowledged', 'data-check-done', 'camera-ready', 'call-placed', 'remote-stream', 'first-frame',
  'media-window-done', 'hangup-started', 'hangup-detected', 'teardown-done',
] as const satisfies readonly PhaseName[];
const CHECKS = ['signaling', 'data', 'video', 'hangup'] as const satisfies readonly CheckName[];
const STATUSES = ['pass', 'fail', 'skipped'] as const satisfies readonly CheckStatus[];
const OPS = ['<', '<=', '>', '>=', '==', '!='] as const satisfies readonly ComparisonOp[];
const _phasesComplete: [Exclude<PhaseName, (typeof PHASES)[number]>] extends [never] ? true : false = true;
const _checksComplete: [Exclude<CheckName, (typeof CHECKS)[number]>] extends [never] ? true : false = true;
const _statusesComplete: [Exclude<CheckStatus, (typeof STATUSES)[number]>] extends [never] ? true : false = true;
const _opsComplete: [Exclude<ComparisonOp, (typeof OPS)[number]>] extends [never] ? true : false = true;

// Builders keep the schema readable. Every property of every object is required: optional data is `null`,
// never absent, so a consumer can tell "not measured" from "this version did not have it".
const string = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const number = (description?: string): JsonSchema => ({ type: 'number', ...(description ? { description } : {}) });
const integer = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
const ms = (description: string): JsonSchema => nullable(number(`${description} (milliseconds; null when not measured)`));
const oneOf = (values: ReadonlyArray<string>): JsonSchema => ({ type: 'string', enum: values });
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  properties,
});
function nullable(schema: JsonSchema): JsonSchema {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return { ...schema, type: [...types, 'null'], ...(schema.enum ? { enum: [...schema.enum, null] } : {}) };
}

const candidateEnd = object({ type: string('host, srflx, prflx or relay'), protocol: string('udp or tcp'), address: nullable(string()) });
// relayProtocol is only on pairs read by schema 2 agents: not required, so a stored version-1 pair still validates.
candidateEnd.properties!.relayProtocol = nullable(oneOf(['udp', 'tcp', 'tls']));

// The validator has no anyOf, so a nullable object is written out, not a nullable $ref.
const candidatePair = object({ local: ref('candidate'), remote: ref('candidate'), currentRoundTripTimeMs: nullable(number()) });

const ICE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;
const iceSide = object(
  {
    policy: oneOf(['all', 'relay']),
    groups: {
      type: 'array',
      items: object({
        type: oneOf([...ICE_TYPES, 'unknown']),
        protocol: string('udp or tcp'),
        relayProtocol: nullable(oneOf(['udp', 'tcp', 'tls'])),
        count: integer(),
        firstMs: ms('connection created → the first candidate of this group'),
      }),
    },
    firstMs: object(Object.fromEntries(ICE_TYPES.map((t) => [t, ms(`connection created → the first ${t} candidate`)]))),
    gatheringCompleteMs: ms('connection created → gathering complete'),
    errors: {
      type: 'array',
      items: object({ url: string('the STUN/TURN URL'), errorCode: integer('401 Unauthorized, 701 unreachable…'), errorText: string(), atMs: number() }),
    },
    state: string('the last ICE connection state'),
    selectedPair: nullable(candidatePair),
  },
  "one side's view of one connection's ICE",
);
const iceSides = object({ sender: nullable(iceSide), receiver: nullable(iceSide) });

export const CALL_TEST_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `urn:rtcdemo:schema:call-test-result:${CALL_TEST_SCHEMA_VERSION}`,
  title: 'rtcdemo call-test result',
  description: 'What `rtcdemo call-test --json` prints. Documented in docs/call-test-schema.md.',
  ...object({
    schemaVersion: { type: 'integer', const: CALL_TEST_SCHEMA_VERSION },
    tool: object({ name: { type: 'string', const: 'rtcdemo' }, version: string() }),
    startedAt: string('ISO 8601 UTC timestamp'),
    environment: object({ node: string(), browser: nullable(string()), platform: string(), cores: integer() }),
    options: object({
      server: nullable(string('the --server URL, null for the built-in server')),
      messages: integer(),
      size: integer('bytes per check message payload'),
      serialization: oneOf(SERIALIZATIONS),
      bulkBytes: integer(),
      durationMs: number('media measurement window'),
      pairs: integer('receiver/sender pairs run at once'),
      ice: object({
        servers: { type: 'array', items: object({ urls: { type: 'array', items: string() }, credentials: { type: 'boolean' } }) },
        policy: oneOf(['all', 'relay']),
        turn: nullable(object({ transports: { type: 'array', items: oneOf(['udp', 'tcp', 'tls']) }, listenIp: string() })),
      }),
      codec: nullable(string('--codec: VP8, VP9, H264 or AV1; null for the browsers\' own choice')),
    }),
    verdict: oneOf(['pass', 'fail']),
    checks: { type: 'array', items: ref('check') },
    timeline: { type: 'array', items: object({ phase: oneOf(PHASES), atMs: number('since the call-test started') }) },
    metrics: ref('metrics'),
    harness: object(
      Object.fromEntries(
        ['serverMs', 'browserLaunchMs', 'pagesMs', 'signalingMs', 'dataMs', 'mediaMs', 'hangupMs', 'teardownMs', 'totalMs'].map((k) => [k, ms(k)]),
      ),
      "where the harness's wall time went",
    ),
    pairs: {
      type: 'array',
      items: object({
        index: integer('1-based'),
        receiverId: string(),
        senderId: string(),
        receiverBrowser: nullable(integer('browsers[].index of the receiver page')),
        senderBrowser: nullable(integer('browsers[].index of the sender page')),
        verdict: oneOf(['pass', 'fail']),
        checks: { type: 'array', items: ref('check') },
        metrics: ref('metrics'),
      }),
    },
    network: nullable(
      object(
        {
          profile: string('the --network profile, canonical form'),
          addresses: object({ wan: string('signaling and TURN servers'), receiver: string(), sender: string() }),
          iceServers: { type: 'array', items: string('URL; credentials are never reported') },
          setupMs: number('building the lab'),
          teardownMs: ms('removing the lab'),
        },
        'the network lab the call crossed; null without --network',
      ),
    ),
    browsers: {
      type: 'array',
      items: object({
        index: integer('1-based'),
        kind: oneOf(['local', 'cdp', 'webdriver']),
        endpoint: nullable(string('the --connect endpoint without credentials or query; null for a local browser')),
        host: string('host:port of the endpoint, or this machine'),
        version: string(),
        receivers: integer('receiver pages it held'),
        senders: integer('sender pages it held'),
        verdict: oneOf(['pass', 'fail']),
      }),
    },
  }),
  $defs: {
    metrics: object({
      signaling: object({ receiverOpenMs: ms('receiver Peer → OPEN'), senderOpenMs: ms('sender Peer → OPEN') }),
      data: object({
        serialization: oneOf(SERIALIZATIONS),
        messageBytes: integer(),
        connectionOpenMs: ms('connect() → open'),
        sent: integer(),
        delivered: integer(),
        lost: integer(),
        duplicated: integer(),
        reordered: integer(),
        corrupted: integer(),
        rtt: ref('rttSummary'),
        bulk: object({ bytes: integer(), ms: ms('bulk transfer'), throughputMBps: nullable(number('MB = 1,000,000 bytes')) }),
      }),
      video: object({
        getUserMediaMs: ms('getUserMedia'),
        callToStreamMs: ms('call() → stream'),
        firstFrameMs: ms('call() → first decoded frame'),
        windowMs: number(),
        fps: nullable(number('lower of the two directions')),
        toReceiver: ref('videoDirection'),
        toSender: ref('videoDirection'),
        candidatePair: nullable(candidatePair),
        series: object(
          { toReceiver: { type: 'array', items: ref('directionSecond') }, toSender: { type: 'array', items: ref('directionSecond') } },
          'each direction second by second over the window',
        ),
      }),
      audio: object({ toReceiver: ref('audioDirection'), toSender: ref('audioDirection') }),
      hangup: object({ detectMs: ms('page closed → receiver noticed'), detectedBy: nullable(string()) }),
      ice: object({ data: iceSides, video: iceSides }),
    }),

    check: object({
      name: oneOf(CHECKS),
      status: oneOf(STATUSES),
      criteria: { type: 'array', items: ref('criterion') },
      error: nullable(string()),
      durationMs: ms('check duration'),
    }),
    criterion: object({
      metric: string('a metric name, e.g. data.rtt.p95'),
      op: oneOf(OPS),
      expected: number(),
      actual: nullable(number()),
      pass: { type: 'boolean' },
      source: oneOf(['default', 'expect']),
    }),
    rttSummary: object({
      p50: nullable(number()),
      p95: nullable(number()),
      p99: nullable(number()),
      max: nullable(number()),
      mean: nullable(number()),
      samples: integer(),
    }),
    videoDirection: object({
      fps: nullable(number()),
      framesDecoded: integer(),
      width: nullable(integer()),
      height: nullable(integer()),
      bitrateKbps: nullable(number()),
      packetsLost: integer(),
      jitterMs: nullable(number()),
      freezes: integer(),
      codec: nullable(string()),
    }),
    // null when that direction carried no audio
    audioDirection: nullable(object({
      bitrateKbps: nullable(number()),
      packetsReceived: integer(),
      packetsLost: integer(),
      jitterMs: nullable(number()),
      audioLevel: nullable(number('RMS level over the window, 0..1')),
      concealedSamples: integer(),
      concealmentEvents: integer(),
      concealedPercent: nullable(number()),
      codec: nullable(string()),
    })),
    candidate: candidateEnd,
    directionSecond: object({
      t: number('seconds since the window started, at the end of this second'),
      fps: nullable(number('frames decoded per second')),
      bitrateKbps: nullable(number('received bitrate')),
      packetsLost: integer('RTP packets lost during this second'),
      jitterMs: nullable(number()),
      freezes: integer('freezes that began during this second'),
      rttMs: nullable(number("the sending side's candidate-pair round trip")),
      availableOutgoingKbps: nullable(number("the sending side's congestion-control estimate of what it may send")),
    }),
  },
};

/** Problems found in `value`, each as `path: what is wrong`; empty when it is a valid result. */
export function validateCallTestResult(value: unknown): string[] {
  const problems: string[] = [];
  validate(CALL_TEST_SCHEMA, value, 'result', problems);
  return problems;
}

function validate(schema: JsonSchema, value: unknown, path: string, problems: string[]): void {
  if (schema.$ref !== undefined) {
    const target = CALL_TEST_SCHEMA.$defs?.[schema.$ref.replace('#/$defs/', '')];
    if (!target) throw new Error(`schema: unresolved $ref ${schema.$ref}`);
    validate(target, value, path, problems);
    return;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) {
      problems.push(`${path}: expected ${types.join(' or ')}, got ${describeType(value, types)}`);
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) problems.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (schema.enum && !schema.enum.includes(value as string | number | null)) {
    problems.push(`${path}: expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) if (!Object.hasOwn(value, key)) problems.push(`${path}.${key}: missing`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, key)) validate(sub, value[key], `${path}.${key}`, problems);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => validate(schema.items!, item, `${path}[${i}]`, problems));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      // JSON has no NaN or Infinity (JSON.stringify writes null), so a non-finite number is not valid JSON data.
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function describeType(value: unknown, expected: JsonType[]): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'number' && expected.includes('integer')) return `${value} (not an integer)`;
  return typeof value;
}
