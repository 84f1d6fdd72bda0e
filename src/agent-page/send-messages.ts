/**
 * `rtcdemo send`: connect, send the text, and confirm delivery. An rtcdemo receiver acknowledges each
 * message (round-trip time); a plain PeerJS page (the tutorial's receiver) does not, so for it we report
 * "sent" with the time the channel's buffer took to drain, measured from the send (not from the end of the
 * hello window, which is how long it takes to learn that the page is a plain one).
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
  const helloWaitFrom = performance.now();
  const helloWait = opened.nextControl(isHello, HELLO_WINDOW_MS);
  const sentAt: number[] = [];
  for (let i = 0; i < options.repeat; i += 1) {
    sentAt.push(performance.now());
    void opened.conn.send(options.text);
  }
  // Watched from the moment of sending, alongside the hello wait: the drain time is the channel's, not the window's.
  const drain = drained(opened.conn, options.ackTimeoutMs).then((ok) => (ok ? performance.now() : null));
  const remoteIsRtcdemo = (await helloWait) !== null || opened.isRtcdemo();
  const helloWaitMs = performance.now() - helloWaitFrom;
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
    const drainedAt = await drain;
    for (let i = 0; i < options.repeat; i += 1) {
      const drainMs = drainedAt === null ? null : drainedAt - (sentAt[i] ?? drainedAt);
      messages.push({ index: i, bytes: bytesOf(options.text), delivery: 'sent', rttMs: null, drainMs });
    }
    await sleep(DRAIN_GRACE_MS);
  }
  opened.conn.close();
  return { to: options.to, connectionOpenMs: opened.openMs, remoteIsRtcdemo, helloWaitMs, messages };
}
