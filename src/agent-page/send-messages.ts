/**
 * `rtcdemo send`: connect, send the text, and confirm delivery. An rtcdemo receiver acknowledges each
 * message (round-trip time); a plain PeerJS page (the tutorial's receiver) does not, so for it we report
 * "sent" once the channel's buffer drained.
 */
import type { ControlMessage, SendMessagesOptions, SendMessagesResult, SentMessage } from '../protocol.js';
import { drained, openConnection } from './outgoing.js';
import { sleep } from './timers.js';

type Ack = Extract<ControlMessage, { rtcdemo: 'ack' }>;
type Hello = Extract<ControlMessage, { rtcdemo: 'hello' }>;
const isAck = (m: ControlMessage): m is Ack => m.rtcdemo === 'ack';
const isHello = (m: ControlMessage): m is Hello => m.rtcdemo === 'hello';
const bytesOf = (text: string) => new TextEncoder().encode(text).byteLength;

/** How long a receiver has to say hello before we take it for a plain PeerJS page. */
const HELLO_WINDOW_MS = 1000;
/** After the buffer drained, the last bytes may still be in flight; closing at once could cut them off. */
const DRAIN_GRACE_MS = 250;

export async function sendMessages(options: SendMessagesOptions): Promise<SendMessagesResult> {
  const opened = await openConnection(options.to, { serialization: options.serialization, purpose: 'message', timeoutMs: options.connectTimeoutMs });
  const helloWait = opened.nextControl(isHello, HELLO_WINDOW_MS);
  const sentAt: number[] = [];
  for (let i = 0; i < options.repeat; i += 1) {
    sentAt.push(performance.now());
    void opened.conn.send(options.text);
  }
  const remoteIsRtcdemo = (await helloWait) !== null || opened.isRtcdemo();
  const messages: SentMessage[] = [];
  if (remoteIsRtcdemo) {
    let timedOut = false;
    for (let i = 0; i < options.repeat; i += 1) {
      // Acks arrive in order on the reliable channel; once one is late, the rest are not waited for again.
      const ack = await opened.nextControl(isAck, timedOut ? 0 : options.ackTimeoutMs);
      if (!ack) timedOut = true;
      const start = sentAt[i] ?? performance.now();
      messages.push({ index: i, bytes: bytesOf(options.text), delivery: ack ? 'acknowledged' : 'sent', rttMs: ack ? performance.now() - start : null, drainMs: null });
    }
  } else {
    await drained(opened.conn, options.ackTimeoutMs);
    const drainedAt = performance.now();
    for (let i = 0; i < options.repeat; i += 1) {
      messages.push({ index: i, bytes: bytesOf(options.text), delivery: 'sent', rttMs: null, drainMs: drainedAt - (sentAt[i] ?? drainedAt) });
    }
    await sleep(DRAIN_GRACE_MS);
  }
  opened.conn.close();
  return { to: options.to, connectionOpenMs: opened.openMs, remoteIsRtcdemo, messages };
}
