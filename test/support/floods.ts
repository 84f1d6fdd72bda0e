/**
 * Load generators for a PeerJS signaling server on 127.0.0.1: raw `ws` clients speaking the PeerJS protocol,
 * so the same flood can be aimed at rtcdemo's server and at the stock one. Each returns counts, never throws
 * on what the server does to its clients (closing them is an answer, not an error).
 *
 * Used by test/server/floods.test.ts, test/e2e/server-under-load.test.ts, test/support/malformed-frames.ts and
 * bench/reliability/flood-memory.mjs (through bench/import-ts.mjs).
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

const peerUrl = (port: number, id: string, token = `t-${id}`) => `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&version=1.5.5`;

/** A Chrome-sized offer: SDP text of about `bytes` bytes (a Chrome offer with audio, video and data is 4–8 KB). */
export interface PeerPayload {
  type: string;
  connectionId: string;
  sdp: { type: string; sdp: string };
  metadata: null;
}

export function offerPayload(bytes = 4096, connectionId = 'mc_flood'): PeerPayload {
  const sdp = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n${'a=x-flood:0123456789abcdef\r\n'.repeat(Math.max(0, Math.ceil((bytes - 40) / 28)))}`;
  return { type: 'media', connectionId, sdp: { type: 'offer', sdp }, metadata: null };
}

/**
 * Opens a socket; resolves with the first PeerJS message (OPEN, ERROR, ID-TAKEN) or its absence (`closed`),
 * and a handle to go on with. Never rejects.
 */
export interface FloodClient {
  /** The type of the first message (OPEN, ERROR, ID-TAKEN…), or `error` / `closed`. */
  first: string;
  socket: WebSocket;
  /** Every message after the first. */
  messages: Array<{ type: string }>;
  /** Resolves with the close code. */
  closed: Promise<number>;
}

export function openClient(port: number, id: string, token?: string): Promise<FloodClient> {
  return new Promise((resolve) => {
    const socket = new WebSocket(peerUrl(port, id, token));
    const messages: Array<{ type: string }> = [];
    let first: string | null = null;
    let settled = false;
    const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
    const settle = (what: string) => {
      if (settled) return;
      settled = true;
      resolve({ first: what, socket, messages, closed });
    };
    socket.on('message', (data) => {
      let message: { type: string };
      try { message = JSON.parse(String(data)) as { type: string }; } catch { message = { type: 'UNPARSEABLE' }; }
      if (first === null) {
        first = message.type;
        settle(first);
      } else messages.push(message);
    });
    socket.on('error', () => settle('error'));
    void closed.then(() => settle(first ?? 'closed'));
  });
}

/** Resolves once the server has handled every frame sent so far (its pong), or the socket closed. */
export function drained(socket: WebSocket, timeoutMs = 10_000): Promise<'pong' | 'closed' | 'timeout'> {
  if (socket.readyState !== WebSocket.OPEN) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    const onPong = () => done('pong');
    const onClose = () => done('closed');
    function done(result: 'pong' | 'closed' | 'timeout') {
      clearTimeout(timer);
      socket.off('pong', onPong);
      socket.off('close', onClose);
      resolve(result);
    }
    socket.on('pong', onPong);
    socket.on('close', onClose);
    socket.ping();
  });
}

async function closeClient(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  const gone = new Promise((r) => socket.once('close', r));
  socket.close();
  const timer = setTimeout(() => socket.terminate(), 2000);
  await gone;
  clearTimeout(timer);
}

/** Runs `count` tasks with at most `concurrency` at once. */
async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>, signal?: AbortSignal): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && !signal?.aborted) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return next;
}

const tag = () => randomBytes(3).toString('hex');

/**
 * OFFERs to ids that never connect, as a flood: `offers` in all, `perClient` per connection (below our default
 * burst of 400, so the rate limit does not end the flood early: this is about queues), each to a distinct id.
 */
export interface OfferFloodResult {
  offers: number;
  clients: number;
  expires: number;
  closedByServer: number;
  ms: number;
}

export async function offerFlood(
  port: number,
  { offers = 20_000, perClient = 250, payloadBytes = 4096, concurrency = 20, signal }: { offers?: number; perClient?: number; payloadBytes?: number; concurrency?: number; signal?: AbortSignal } = {},
): Promise<OfferFloodResult> {
  const run = tag();
  const payload = offerPayload(payloadBytes);
  const clients = Math.ceil(offers / perClient);
  const result: OfferFloodResult = { offers: 0, clients: 0, expires: 0, closedByServer: 0, ms: 0 };
  const began = performance.now();
  await pool(clients, concurrency, async (c) => {
    const client = await openClient(port, `flood-${run}-${c}`);
    if (client.first !== 'OPEN') return;
    result.clients += 1;
    const n = Math.min(perClient, offers - c * perClient);
    for (let i = 0; i < n && client.socket.readyState === WebSocket.OPEN; i++) {
      client.socket.send(JSON.stringify({ type: 'OFFER', dst: `ghost-${run}-${c}-${i}`, payload }));
      result.offers += 1;
    }
    if ((await drained(client.socket)) === 'closed') result.closedByServer += 1;
    result.expires += client.messages.filter((m) => m.type === 'EXPIRE').length;
    await closeClient(client.socket);
  }, signal);
  result.ms = performance.now() - began;
  return result;
}

/** Connects, registers (OPEN) and disconnects `cycles` times, `concurrency` at a time, each with a new id. */
export interface ChurnResult {
  cycles: number;
  opened: number;
  refused: number;
  ms: number;
}

export async function connectionChurn(
  port: number,
  { cycles = 5000, concurrency = 25, signal }: { cycles?: number; concurrency?: number; signal?: AbortSignal } = {},
): Promise<ChurnResult> {
  const run = tag();
  const result: ChurnResult = { cycles: 0, opened: 0, refused: 0, ms: 0 };
  const began = performance.now();
  await pool(cycles, concurrency, async (i) => {
    const client = await openClient(port, `churn-${run}-${i}`);
    result.cycles += 1;
    if (client.first === 'OPEN') result.opened += 1;
    else result.refused += 1;
    await closeClient(client.socket);
  }, signal);
  result.ms = performance.now() - began;
  return result;
}

/**
 * Id-collision storm: `attempts` connections, all at once (`concurrency` in flight), to only `ids` ids, each with
 * its own token. The first to register an id keeps it (and stays connected until the end); every other attempt
 * must be told ID-TAKEN. Returns how each attempt was answered.
 */
export interface CollisionResult {
  attempts: number;
  open: number;
  idTaken: number;
  other: number;
  holders: string[];
  relayedBetweenHolders: number;
  ms: number;
}

export async function idCollisionStorm(
  port: number,
  { attempts = 2000, ids = 20, concurrency = 50, signal }: { attempts?: number; ids?: number; concurrency?: number; signal?: AbortSignal } = {},
): Promise<CollisionResult> {
  const run = tag();
  const result: CollisionResult = { attempts: 0, open: 0, idTaken: 0, other: 0, holders: [], relayedBetweenHolders: 0, ms: 0 };
  const holders: Array<{ id: string; socket: WebSocket }> = [];
  const began = performance.now();
  await pool(attempts, concurrency, async (i) => {
    const id = `storm-${run}-${i % ids}`;
    const client = await openClient(port, id, `token-${i}`);
    result.attempts += 1;
    if (client.first === 'OPEN') {
      result.open += 1;
      holders.push({ id, socket: client.socket });
      return;
    }
    if (client.first === 'ID-TAKEN') result.idTaken += 1;
    else result.other += 1;
    await closeClient(client.socket);
  }, signal);
  result.ms = performance.now() - began;
  result.holders = holders.map((h) => h.id);
  // The holders must still be served: each relays an OFFER to the next one.
  let relayed = 0;
  await Promise.all(holders.map(async (holder, k) => {
    const to = holders[(k + 1) % holders.length]!;
    const got = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      to.socket.on('message', (data) => {
        if (String(data).includes('"OFFER"')) { clearTimeout(timer); resolve(true); }
      });
    });
    holder.socket.send(JSON.stringify({ type: 'OFFER', dst: to.id, payload: offerPayload(200) }));
    if (await got) relayed += 1;
  }));
  result.relayedBetweenHolders = relayed;
  await Promise.all(holders.map((h) => closeClient(h.socket)));
  return result;
}

/** Registered clients that each send one frame of `bytes` (a valid OFFER to an unknown id, padded), then wait for the answer. */
export interface OversizeResult {
  frames: number;
  bytes: number;
  closeCodes: Record<string, number>;
  stillOpen: number;
  ms: number;
}

export async function oversizeFrames(
  port: number,
  { frames = 200, bytes = 1024 * 1024, concurrency = 10, signal }: { frames?: number; bytes?: number; concurrency?: number; signal?: AbortSignal } = {},
): Promise<OversizeResult> {
  const run = tag();
  const payload = offerPayload(bytes);
  const frame = JSON.stringify({ type: 'OFFER', dst: `ghost-${run}`, payload });
  const result: OversizeResult = { frames: 0, bytes: frame.length, closeCodes: {}, stillOpen: 0, ms: 0 };
  const began = performance.now();
  await pool(frames, concurrency, async (i) => {
    const client = await openClient(port, `big-${run}-${i}`);
    if (client.first !== 'OPEN') return;
    client.socket.send(frame);
    result.frames += 1;
    const answer = await drained(client.socket, 15_000);
    if (answer === 'closed') {
      const code = await client.closed;
      result.closeCodes[code] = (result.closeCodes[code] ?? 0) + 1;
    } else {
      result.stillOpen += 1;
      await closeClient(client.socket);
    }
  }, signal);
  result.ms = performance.now() - began;
  return result;
}

/**
 * Every flood above, over and over, until `signal` aborts: what a call has to get through in
 * test/e2e/server-under-load.test.ts. Returns totals.
 */
export interface FloodMixTotals {
  rounds: number;
  offers: number;
  cycles: number;
  collisions: number;
  oversize: number;
}

export async function floodMix(
  port: number,
  { signal, round = { offers: 2000, cycles: 300, attempts: 200, frames: 20 } }: { signal?: AbortSignal; round?: { offers: number; cycles: number; attempts: number; frames: number } } = {},
): Promise<FloodMixTotals> {
  const totals: FloodMixTotals = { rounds: 0, offers: 0, cycles: 0, collisions: 0, oversize: 0 };
  while (!signal?.aborted) {
    const [o, c, s, b] = await Promise.all([
      offerFlood(port, { offers: round.offers, concurrency: 4, signal }),
      connectionChurn(port, { cycles: round.cycles, concurrency: 5, signal }),
      idCollisionStorm(port, { attempts: round.attempts, ids: 5, concurrency: 10, signal }),
      oversizeFrames(port, { frames: round.frames, bytes: 256 * 1024, concurrency: 2, signal }),
    ]);
    totals.rounds += 1;
    totals.offers += o.offers;
    totals.cycles += c.cycles;
    totals.collisions += s.idTaken;
    totals.oversize += b.frames;
  }
  return totals;
}
