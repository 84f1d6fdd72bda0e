/**
 * Fuzzing: ≥10,000 frames of random text, random JSON and near-valid PeerJS messages with wrong types, sent by
 * clients that reconnect whenever the server closes them. Afterwards the server must still relay an OFFER between
 * two fresh clients, and must have refused the junk as junk (not crashed on it as "internal" errors).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openPeer, startTestServer, OFFER_PAYLOAD } from './helpers.js';
import type { TestClient } from './helpers.js';

const FRAMES = 10_000;
const CONCURRENCY = 16;
const SEED = 20_240_611;

const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue(), fc.array(fc.string()), fc.object());

/** Shaped like PeerJS messages, with the wrong thing in one place or another. */
const nearValid = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom('OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'HEARTBEAT', 'OPEN', 'ERROR', 'ID-TAKEN', 'offer', ''), anyValue),
      dst: fc.oneof(fc.constantFrom('fuzz-0', 'fuzz-1', 'ghost', 'not valid!', ''), anyValue),
      src: fc.oneof(fc.constantFrom('fuzz-0', 'someone-else'), anyValue),
      payload: fc.oneof(fc.constant(OFFER_PAYLOAD), fc.record({ type: fc.constantFrom('data', 'media', 'other'), connectionId: fc.string(), sdp: anyValue }), anyValue),
    },
    { requiredKeys: [] },
  )
  .map((message) => JSON.stringify(message));

type Frame = { text: string } | { binary: Uint8Array };

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }).map((text) => ({ text })) },
  { weight: 3, arbitrary: fc.jsonValue().map((value) => ({ text: JSON.stringify(value) ?? 'null' })) },
  { weight: 6, arbitrary: nearValid.map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })) },
  // Truncated near-valid messages: what a client crashing mid-write would leave.
  { weight: 2, arbitrary: fc.tuple(nearValid, fc.nat()).map(([text, cut]) => ({ text: text.slice(0, cut % (text.length + 1)) })) },
);

describe('fuzzing the WebSocket protocol', () => {
  it(`survives ${FRAMES} random and malformed frames, then still relays an OFFER`, { timeout: 60_000 }, async () => {
    // The rate limit is raised so that it never hides a frame from the parser; its own test is in robustness.
    const server = await startTestServer({ limits: { maxMessagesPerSecond: 1_000_000, maxBurst: 1_000_000, maxQueuedTotal: 500 }, expireTimeoutMs: 200 });
    const serverErrors: string[] = [];
    server.events.on('server-error', (e) => serverErrors.push(e.message));
    const frames = fc.sample(frame, { numRuns: FRAMES, seed: SEED });
    expect(frames).toHaveLength(FRAMES);

    let nextFrame = 0;
    let handled = 0;
    let reconnects = 0;
    const worker = async (slot: number) => {
      let client: TestClient | null = null;
      while (nextFrame < frames.length) {
        const current = frames[nextFrame++]!;
        client ??= await openPeer(server, `fuzz-${slot}`, { token: `t${slot}` });
        if ('text' in current) client.socket.send(current.text);
        else client.socket.send(current.binary, { binary: true });
        // The pong comes after the server has handled the frame (ws handles frames in order), or the socket closes.
        if ((await client.roundTrip()) === 'closed') {
          client.socket.terminate();
          client = null;
          reconnects += 1;
        }
        handled += 1;
      }
      client?.socket.close();
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, slot) => worker(slot)));
    expect(handled).toBe(FRAMES);

    const stats = server.stats();
    expect(serverErrors).toEqual([]);
    expect(stats.errors.internal ?? 0).toBe(0);
    // Most frames are junk and must have been refused as such; some were valid and relayed or queued.
    expect(stats.rejected['malformed-message'] ?? 0).toBeGreaterThan(FRAMES / 4);
    expect(reconnects).toBeGreaterThan(FRAMES / 4);
    expect(stats.queuedMessages).toBeLessThanOrEqual(500);

    const a = await openPeer(server, 'after-a');
    const b = await openPeer(server, 'after-b');
    a.send({ type: 'OFFER', dst: 'after-b', payload: OFFER_PAYLOAD });
    expect(await b.nextOfType('OFFER')).toEqual({ type: 'OFFER', src: 'after-a', dst: 'after-b', payload: OFFER_PAYLOAD });
  });
});
