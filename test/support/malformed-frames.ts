/**
 * Random and malformed PeerJS WebSocket frames (fast-check, seeded so a failure replays), and a fuzzer that sends
 * them to a server from clients that reconnect whenever the server closes them. Frames aim at the parser (not
 * JSON, wrong shapes, truncation, binary) and at the relay (near-valid messages to real, absent and invalid ids).
 */
import fc from 'fast-check';
import { drained, openClient } from './floods.js';

export type Frame = { text: string } | { binary: Uint8Array };

const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue(), fc.object());
const payload = { type: 'data', connectionId: 'dc_fuzz', sdp: { type: 'offer', sdp: 'v=0\r\n' }, serialization: 'binary', reliable: true };

const nearValid = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom('OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'HEARTBEAT', 'OPEN', 'ERROR', 'offer', ''), anyValue),
      dst: fc.oneof(fc.constantFrom('fuzz-0', 'fuzz-1', 'ghost', 'not valid!', ''), anyValue),
      payload: fc.oneof(fc.constant(payload), fc.record({ type: fc.constantFrom('data', 'media'), connectionId: fc.string(), sdp: anyValue }), anyValue),
    },
    { requiredKeys: [] },
  )
  .map((message) => JSON.stringify(message));

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text })) },
  { weight: 3, arbitrary: fc.jsonValue().map((value) => ({ text: JSON.stringify(value) ?? 'null' })) },
  { weight: 6, arbitrary: nearValid.map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })) },
  { weight: 2, arbitrary: fc.tuple(nearValid, fc.nat()).map(([text, cut]) => ({ text: text.slice(0, cut % (text.length + 1)) })) },
);

export function malformedFrames(count: number, seed: number): Frame[] {
  return fc.sample(frame, { numRuns: count, seed });
}

/** Sends every frame, each answered (the server's pong) before the next; returns how many were sent and reconnects. */
export async function fuzzServer(port: number, frames: Frame[], concurrency = 16): Promise<{ sent: number; reconnects: number }> {
  let next = 0;
  let sent = 0;
  let reconnects = 0;
  const worker = async (slot: number) => {
    let client: Awaited<ReturnType<typeof openClient>> | null = null;
    while (next < frames.length) {
      const current = frames[next++]!;
      client ??= await openClient(port, `fuzz-${slot}`, `t${slot}`);
      if (client.first !== 'OPEN') throw new Error(`fuzz client ${slot} was refused: ${client.first}`);
      if ('text' in current) client.socket.send(current.text);
      else client.socket.send(current.binary, { binary: true });
      sent += 1;
      if ((await drained(client.socket)) !== 'pong') {
        client.socket.terminate();
        await client.closed;
        client = null;
        reconnects += 1;
      }
    }
    client?.socket.terminate();
  };
  await Promise.all(Array.from({ length: concurrency }, (_, slot) => worker(slot)));
  return { sent, reconnects };
}
