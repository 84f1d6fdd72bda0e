/**
 * A PeerJS-protocol load generator for the signaling benches: many WebSocket clients on loopback that
 * register as PeerJS peers do (`/peerjs?key&id&token`, then wait for OPEN), relay OFFERs to each other, or
 * flood offers at ids nobody holds. It speaks only the wire protocol, so the same generator drives rtcdemo's
 * server and the stock `peer` server. Every loop is bounded in count and in time.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/** A Chrome data-channel offer is about this size on the wire (SDP plus PeerJS's fields). */
export const OFFER_SDP_BYTES = 1600;

export function clientUrl(port, id, token) {
  return `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${encodeURIComponent(id)}&token=${token}&version=1.5.5`;
}

/**
 * Opens `count` clients with at most `concurrency` handshakes in flight, each done when its OPEN arrives.
 * Returns the open clients, how long registering all of them took, and why any failed.
 */
export async function openClients({ port, count, concurrency, prefix, timeoutMs }) {
  const clients = [];
  const failures = new Map();
  const began = performance.now();
  const deadline = began + timeoutMs;
  let next = 0;
  let lastOpenAt = began;
  const openOne = (index) =>
    new Promise((resolve) => {
      const id = `${prefix}-${index}`;
      const ws = new WebSocket(clientUrl(port, id, randomBytes(6).toString('hex')), { perMessageDeflate: false });
      const client = { id, ws, received: 0, onMessage: null };
      let settled = false;
      const finish = (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          failures.set(error, (failures.get(error) ?? 0) + 1);
          ws.terminate();
        } else {
          lastOpenAt = performance.now();
          clients.push(client);
        }
        resolve();
      };
      const timer = setTimeout(() => finish('no OPEN within 20 s'), Math.min(20_000, Math.max(1, deadline - performance.now())));
      ws.on('message', (data) => {
        if (!settled) {
          const text = data.toString();
          if (text.includes('"OPEN"')) return finish(null);
          return finish(`server said ${text.slice(0, 120)}`);
        }
        client.received += 1;
        client.onMessage?.(data);
      });
      ws.on('error', (error) => finish(error.code ?? error.message));
      ws.on('close', () => finish('closed before OPEN'));
    });
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count && performance.now() < deadline) {
      const index = next;
      next += 1;
      await openOne(index);
    }
  });
  await Promise.all(workers);
  const ms = lastOpenAt - began;
  return { clients, ms, perSecond: clients.length / (ms / 1000), failures: Object.fromEntries(failures), attempted: next };
}

/** A PeerJS OFFER for a data connection, as peerjs 1.5.5 sends it, with an SDP of about `sdpBytes`. */
export function offerFrame(dst, sdpBytes) {
  return JSON.stringify({
    type: 'OFFER',
    payload: {
      sdp: { type: 'offer', sdp: `v=0\r\n${'a=x-bench:'.padEnd(Math.max(0, sdpBytes - 5), 'x')}` },
      type: 'data',
      connectionId: `dc_${randomBytes(6).toString('hex')}`,
      label: 'bench',
      reliable: true,
      serialization: 'binary',
      browser: 'chrome',
    },
    dst,
  });
}

/**
 * Closed-loop relay: client pairs[i][0] sends OFFERs to pairs[i][1], keeping `window` in flight per pair;
 * each delivery lets the sender send the next. Counts deliveries after `warmupMs` for `durationMs`.
 */
export async function relayOffers({ pairs, window, warmupMs, durationMs, sdpBytes = OFFER_SDP_BYTES }) {
  const frames = pairs.map(([, to]) => offerFrame(to.id, sdpBytes));
  const began = performance.now();
  const measureFrom = began + warmupMs;
  const stopAt = measureFrom + durationMs;
  let delivered = 0;
  let sent = 0;
  pairs.forEach(([from, to], i) => {
    to.onMessage = () => {
      const now = performance.now();
      if (now >= measureFrom && now < stopAt) delivered += 1;
      if (now < stopAt && from.ws.readyState === WebSocket.OPEN) {
        from.ws.send(frames[i]);
        sent += 1;
      }
    };
  });
  for (const [i, [from]] of pairs.entries()) {
    for (let k = 0; k < window; k += 1) from.ws.send(frames[i]);
    sent += window;
  }
  await new Promise((resolve) => setTimeout(resolve, stopAt - performance.now()));
  for (const [, to] of pairs) to.onMessage = null;
  // Let what is in flight land before the next phase.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { delivered, perSecond: delivered / (durationMs / 1000), sent };
}

/**
 * Sends `count` offers of `sdpBytes` to ids nobody registered, spread over `clients`, as fast as the sockets
 * take them; resolves once every client's send buffer is empty (or after timeoutMs).
 */
export async function floodUnknown({ clients, count, sdpBytes, timeoutMs }) {
  const began = performance.now();
  const perClient = Math.ceil(count / clients.length);
  let sent = 0;
  for (const client of clients) {
    for (let k = 0; k < perClient && sent < count; k += 1) {
      client.ws.send(offerFrame(`nobody-${randomBytes(6).toString('hex')}`, sdpBytes));
      sent += 1;
    }
    // Yield now and then so the sockets drain instead of everything sitting in userland buffers.
    if (sent % 2000 < perClient) await new Promise((resolve) => setImmediate(resolve));
  }
  const deadline = began + timeoutMs;
  while (performance.now() < deadline && clients.some((c) => c.ws.bufferedAmount > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { sent, ms: performance.now() - began };
}

/** Ends every client at once and waits (bounded) until their sockets have closed. */
export async function closeClients(clients, timeoutMs = 10_000) {
  const closed = clients.map(
    (c) =>
      new Promise((resolve) => {
        if (c.ws.readyState === WebSocket.CLOSED) return resolve();
        c.ws.once('close', resolve);
      }),
  );
  for (const c of clients) c.ws.terminate();
  await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
}
