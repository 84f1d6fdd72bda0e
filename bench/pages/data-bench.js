/*
 * The data-channel bench page: one link per page, either a bare RTCDataChannel (signaled by Node through
 * page.evaluate) or a PeerJS DataConnection (signaled by rtcdemo's server). The same round-trip and
 * throughput code then runs over either, so the only difference measured is PeerJS itself.
 *
 * Plain browser JavaScript, loaded after peerjs.min.js (window.peerjs); Node drives it through window.dataBench.
 */
(() => {
  'use strict';

  const KIND_PING = 1;
  const KIND_BULK = 2;
  const now = () => performance.timeOrigin + performance.now();

  /** @type {RTCPeerConnection | null} */
  let pc = null;
  /** @type {{ send(d: Uint8Array): void; channel(): RTCDataChannel; queued(): number; connection(): RTCPeerConnection; close(): void } | null} */
  let link = null;
  /** @type {any} */
  let peer = null;
  /** Receiver state of the current throughput run. */
  let sink = null;
  let echo = true;

  function onMessage(data) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (!bytes || bytes.byteLength === 0) return;
    if (bytes[0] === KIND_PING) {
      if (echo) link.send(bytes);
      else if (pendingPong) pendingPong();
      return;
    }
    if (bytes[0] === KIND_BULK && sink) {
      const at = now();
      // A pause in arrivals longer than 50 ms: the receiver's view of a stall (SCTP waiting to retransmit).
      if (sink.lastAt && at - sink.lastAt > 50 && sink.pauses.length < 50) sink.pauses.push({ atMs: Math.round(sink.lastAt - sink.firstAt), pauseMs: Math.round(at - sink.lastAt), bytes: sink.bytes });
      if (!sink.firstAt) sink.firstAt = at;
      sink.bytes += bytes.byteLength;
      sink.messages += 1;
      sink.lastAt = at;
      if (sink.bytes >= sink.expected) sink.done();
    }
  }

  let pendingPong = null;

  function rawLink(channel) {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (e) => onMessage(e.data);
    return { send: (d) => channel.send(d), channel: () => channel, queued: () => 0, connection: () => pc, close: () => channel.close() };
  }

  function peerLink(conn) {
    conn.on('data', onMessage);
    return {
      send: (d) => conn.send(d),
      channel: () => conn.dataChannel,
      // Chunks PeerJS holds in its own JS queue once the channel is above its 8 MiB MAX_BUFFERED_AMOUNT.
      queued: () => (typeof conn.bufferSize === 'number' ? conn.bufferSize : 0),
      connection: () => conn.peerConnection,
      close: () => conn.close(),
    };
  }

  function iceComplete(connection) {
    if (connection.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 5000);
      connection.addEventListener('icegatheringstatechange', () => {
        if (connection.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  function opened(channel, timeoutMs) {
    if (channel.readyState === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('data channel did not open')), timeoutMs);
      channel.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }

  let channelReady = null;

  window.dataBench = {
    /** Offerer side of a bare RTCDataChannel: returns the complete offer (no trickle, Node relays it). */
    async rawOffer() {
      pc = new RTCPeerConnection({ iceServers: [] });
      const channel = pc.createDataChannel('bench', { ordered: true });
      link = rawLink(channel);
      channelReady = opened(channel, 15000);
      await pc.setLocalDescription(await pc.createOffer());
      await iceComplete(pc);
      return pc.localDescription.sdp;
    },
    async rawAnswer(sdp) {
      pc = new RTCPeerConnection({ iceServers: [] });
      channelReady = new Promise((resolve) => {
        pc.ondatachannel = (e) => {
          link = rawLink(e.channel);
          opened(e.channel, 15000).then(resolve);
        };
      });
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await iceComplete(pc);
      return pc.localDescription.sdp;
    },
    async rawFinish(sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    },
    async waitOpen() {
      await channelReady;
      return true;
    },

    /** Registers a PeerJS peer; with `accept`, the first incoming DataConnection becomes this page's link. */
    async peerOpen(options) {
      peer = new window.peerjs.Peer(options.id, { host: options.host, port: options.port, path: options.path, key: options.key, secure: false, config: { iceServers: [] }, debug: 0 });
      if (options.accept) {
        channelReady = new Promise((resolve) => {
          peer.on('connection', (conn) => {
            conn.on('open', () => {
              link = peerLink(conn);
              resolve();
            });
          });
        });
      }
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('peer did not open')), 15000);
        peer.once('open', () => { clearTimeout(timer); resolve(); });
        peer.once('error', (e) => { clearTimeout(timer); reject(e); });
      });
    },
    async peerConnect(to, serialization) {
      const conn = peer.connect(to, { reliable: true, serialization });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('DataConnection did not open')), 15000);
        conn.on('open', () => { clearTimeout(timer); resolve(); });
        conn.on('error', (e) => { clearTimeout(timer); reject(e); });
      });
      link = peerLink(conn);
      channelReady = Promise.resolve();
    },

    /** Sequential pings: each waits for its echo, so a sample is one true round trip. */
    async roundTrips({ count, size, timeoutMs }) {
      const samples = [];
      const message = new Uint8Array(size);
      message[0] = KIND_PING;
      const deadline = performance.now() + timeoutMs;
      echo = false;
      try {
        for (let i = 0; i < count && performance.now() < deadline; i += 1) {
          const pong = new Promise((resolve) => { pendingPong = resolve; });
          const began = performance.now();
          link.send(message);
          const late = await Promise.race([pong.then(() => false), new Promise((r) => setTimeout(() => r(true), 2000))]);
          if (late) break;
          samples.push(performance.now() - began);
        }
      } finally {
        echo = true;
        pendingPong = null;
      }
      return samples;
    },

    /** Receiver: count `expected` bulk bytes; resolves with when the last one arrived (epoch ms), or null on timeout. */
    expectBulk({ expected, timeoutMs }) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => { const s = sink; sink = null; resolve({ bytes: s.bytes, messages: s.messages, lastAt: null, pauses: s.pauses }); }, timeoutMs);
        sink = {
          expected, bytes: 0, messages: 0, firstAt: 0, lastAt: 0, pauses: [],
          done() { clearTimeout(timer); const s = sink; sink = null; resolve({ bytes: s.bytes, messages: s.messages, lastAt: s.lastAt, pauses: s.pauses }); },
        };
      });
    },

    /**
     * Sender: `total` bytes in `size`-byte messages. flow 'low' keeps at most highWater bytes in the channel and
     * waits for bufferedamountlow (the spec's flow control); flow 'none' hands everything to send() at once (only
     * sensible through PeerJS, which queues above 8 MiB); flow 'poll' waits with setTimeout(pollMs) like a
     * timer-based sender. Samples bufferedAmount over time so a stall shows where it happened.
     */
    async sendBulk({ total, size, flow, highWater, lowWater, pollMs, timeoutMs }) {
      const channel = link.channel();
      channel.bufferedAmountLowThreshold = lowWater;
      const began = now();
      const deadline = performance.now() + timeoutMs;
      let sent = 0;
      let waits = 0;
      let longestWaitMs = 0;
      const trace = [];
      const stalls = [];
      let nextTraceAt = performance.now();
      while (sent < total && performance.now() < deadline) {
        const n = Math.min(size, total - sent);
        const message = new Uint8Array(n);
        message[0] = KIND_BULK;
        if (flow !== 'none') {
          // Wait while the message would overflow highWater, unless the channel is already down to lowWater (so a
          // message bigger than highWater still goes, and the bufferedamountlow event that woke us is not missed).
          while (channel.bufferedAmount + link.queued() * size > lowWater && channel.bufferedAmount + link.queued() * size + n > highWater && performance.now() < deadline) {
            const waitBegan = performance.now();
            waits += 1;
            await new Promise((resolve) => {
              if (flow === 'poll') {
                setTimeout(resolve, pollMs);
                return;
              }
              const timer = setTimeout(resolve, 1000);
              channel.addEventListener('bufferedamountlow', () => { clearTimeout(timer); resolve(); }, { once: true });
            });
            const waitedMs = performance.now() - waitBegan;
            longestWaitMs = Math.max(longestWaitMs, waitedMs);
            // A wait far longer than draining highWater takes is a stall: keep where it happened.
            if (waitedMs >= 100 && stalls.length < 50) stalls.push({ atMs: Math.round(waitBegan + performance.timeOrigin - began), sent, waitedMs: Math.round(waitedMs), buffered: channel.bufferedAmount });
          }
        }
        link.send(message);
        sent += n;
        if (performance.now() >= nextTraceAt) {
          trace.push({ atMs: Math.round(now() - began), sent, buffered: channel.bufferedAmount, queued: link.queued() });
          nextTraceAt = performance.now() + 250;
        }
      }
      return { began, sent, waits, longestWaitMs, stalls, trace, sendLoopMs: now() - began };
    },

    /** Transport packet counters from getStats: a gap between one side's packetsSent and the other's packetsReceived is loss. */
    async transportStats() {
      const connection = link?.connection();
      if (!connection) return null;
      const report = await connection.getStats();
      const out = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, dataChannels: [] };
      report.forEach((s) => {
        if (s.type === 'transport') {
          out.packetsSent += s.packetsSent ?? 0;
          out.packetsReceived += s.packetsReceived ?? 0;
          out.bytesSent += s.bytesSent ?? 0;
          out.bytesReceived += s.bytesReceived ?? 0;
        }
        if (s.type === 'data-channel') out.dataChannels.push({ label: s.label, messagesSent: s.messagesSent, messagesReceived: s.messagesReceived, bytesSent: s.bytesSent, bytesReceived: s.bytesReceived });
      });
      return out;
    },

    close() {
      try { link?.close(); } catch { /* already closed */ }
      try { pc?.close(); } catch { /* already closed */ }
      try { peer?.destroy(); } catch { /* already destroyed */ }
      link = null; pc = null; peer = null;
    },
  };
})();
