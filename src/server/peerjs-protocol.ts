/**
 * The PeerJS signaling protocol, as spoken by the stock server (peer 1.0.2) and expected by the client
 * (peerjs 1.5.5). Pure functions only: parsing what a client sends and building what the server answers.
 *
 * Server side: https://github.com/peers/peerjs-server/tree/master/src (enums.ts, services/webSocketServer,
 * messageHandler/handlers/transmission). Client side: https://github.com/peers/peerjs/blob/master/lib/socket.ts
 * and lib/peer.ts (`_handleMessage`).
 */
import { PEER_ID_PATTERN } from '../shared/peer-id.js';

/** Message types on the wire (peerjs-server src/enums.ts `MessageType`). */
export const MessageType = {
  open: 'OPEN',
  leave: 'LEAVE',
  candidate: 'CANDIDATE',
  offer: 'OFFER',
  answer: 'ANSWER',
  expire: 'EXPIRE',
  heartbeat: 'HEARTBEAT',
  idTaken: 'ID-TAKEN',
  error: 'ERROR',
} as const;

/** The messages the server passes from one peer to another (the stock server's "transmission" handler). */
export const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE'] as const;
export type RelayedType = (typeof RELAYED_TYPES)[number];

/**
 * ERROR payload texts. The first four are the stock server's own strings (enums.ts `Errors`), kept verbatim
 * because clients and the agent page recognise failures by them; the rest are rtcdemo's bounds.
 */
export const ServerErrorText = {
  invalidParameters: 'No id, token, or key supplied to websocket server',
  invalidKey: 'Invalid key provided',
  invalidToken: 'Invalid token provided',
  serverFull: 'Server has reached its concurrent user limit',
  invalidId: "Invalid id: PeerJS ids are letters and digits joined by single '-', '_' or spaces",
  tooManyFromAddress: 'Too many connections from your address',
  binaryFrame: 'Invalid message: binary frames are not part of the PeerJS protocol',
  rateLimited: 'Too many messages',
  payloadTooLarge: 'Message too large',
  invalidMessage: 'Invalid message',
  internal: 'Internal server error',
} as const;

/** The stock server's ID-TAKEN payload text (services/webSocketServer/index.ts). */
export const ID_TAKEN_TEXT = 'ID is taken';

/** PeerJS tokens are `Math.random().toString(36).slice(2)` (~11 characters); anything much longer is not a client. */
export const TOKEN_MAX_LENGTH = 128;
/** Keys are chosen by whoever runs the server; the bound only stops a query string from being a payload. */
export const KEY_MAX_LENGTH = 128;

/** What a parsed client frame asks the server to do. */
export type ClientMessage =
  | { kind: 'heartbeat' }
  /** LEAVE without `dst`: the stock server drops the sender (handlers/transmission/index.ts). */
  | { kind: 'leave-server' }
  | { kind: 'relay'; type: RelayedType; dst: string; payload: unknown };

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; error: string };

/**
 * Parses one text frame. Stricter than the stock server, which relays whatever JSON.parse returns: here a frame
 * must be an object with a known string `type`, OFFER/ANSWER/CANDIDATE need a string `dst` and an object `payload`
 * (the shape every PeerJS client sends, lib/negotiator.ts), so a broken client is told why and others never see it.
 */
export function parseClientMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (!isPlainObject(value)) return { ok: false, error: 'not a JSON object' };
  const { type, dst, payload } = value;
  if (typeof type !== 'string') return { ok: false, error: 'missing string "type"' };
  if (type === MessageType.heartbeat) return { ok: true, message: { kind: 'heartbeat' } };
  if (!isRelayedType(type)) return { ok: false, error: `unknown type "${truncate(type, 32)}"` };
  if (dst === undefined || dst === null) {
    return type === 'LEAVE' ? { ok: true, message: { kind: 'leave-server' } } : { ok: false, error: `${type} needs a "dst"` };
  }
  if (typeof dst !== 'string') return { ok: false, error: '"dst" must be a string' };
  if ((type === 'OFFER' || type === 'ANSWER' || type === 'CANDIDATE') && !isPlainObject(payload)) {
    return { ok: false, error: `${type} needs an object "payload"` };
  }
  return { ok: true, message: { kind: 'relay', type, dst, payload } };
}

export type ConnectRejection = 'invalid-parameters' | 'invalid-key' | 'invalid-id' | 'invalid-token';
export type ConnectParams =
  | { ok: true; id: string; token: string }
  | { ok: false; reason: ConnectRejection; message: string };

/**
 * Reads `?key=&id=&token=&version=` from the WebSocket URL (client: lib/socket.ts builds it). The checks run in
 * the stock server's order (missing → key), then ours: the id must pass PeerJS's own rule, the token must be short.
 */
export function parseConnectParams(search: string, expectedKey: string): ConnectParams {
  const params = new URLSearchParams(search);
  const id = params.get('id');
  const token = params.get('token');
  const key = params.get('key');
  if (!id || !token || !key) return { ok: false, reason: 'invalid-parameters', message: ServerErrorText.invalidParameters };
  if (key !== expectedKey) return { ok: false, reason: 'invalid-key', message: ServerErrorText.invalidKey };
  if (!isPeerJsId(id)) return { ok: false, reason: 'invalid-id', message: ServerErrorText.invalidId };
  if (token.length > TOKEN_MAX_LENGTH) return { ok: false, reason: 'invalid-token', message: ServerErrorText.invalidToken };
  return { ok: true, id, token };
}

/**
 * What the PeerJS client itself accepts as an id (peerjs lib/util.ts `validateId`): the pattern, and no length
 * bound. The stock server checks nothing, so its only bound is Node's 16 KiB request header limit, which holds here
 * too; checking the pattern refuses only ids no PeerJS client can register (and keeps escape codes out of ids).
 */
export function isPeerJsId(id: string): boolean {
  return PEER_ID_PATTERN.test(id);
}

/** The frame the server relays: exactly the four fields the stock server forwards, with `src` set by the server. */
export function serializeRelayed(type: RelayedType, src: string, dst: string, payload: unknown): string {
  return JSON.stringify({ type, src, dst, payload });
}

export function serializeError(msg: string): string {
  return JSON.stringify({ type: MessageType.error, payload: { msg } });
}

/** OFFER/ANSWER/CANDIDATE payloads carry `type: 'data' | 'media'` (peerjs lib/enums.ts `ConnectionType`). */
export function connectionTypeOf(payload: unknown): 'data' | 'media' | null {
  if (!isPlainObject(payload)) return null;
  return payload.type === 'data' || payload.type === 'media' ? payload.type : null;
}

export function isRelayedType(type: string): type is RelayedType {
  return (RELAYED_TYPES as readonly string[]).includes(type);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
