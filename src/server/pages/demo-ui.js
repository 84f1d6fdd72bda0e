// The demo pages' event log, video badges and (on /sender) the Send and Call again controls.
//
// It runs after peerjs.min.js and before the tutorial's own <script id="tutorial">, and observes that code
// without changing it: it replaces the global `Peer` with a subclass that adds listeners to every peer,
// data connection and call the tutorial creates, and wraps console.log so the tutorial's
// `console.log(data)` also shows up in the log. End-to-end tests read the same events from `window.demoLog`
// (an array of { event, detail, at, peer?, kind? }) or from `<ol id="log">`, one `<li data-event>` each.
//
// Everything lives inside one function: a top-level `const peer` or `conn` here would collide with the
// tutorial's own top-level declarations (classic scripts share one global scope) and stop it from running.

/* global conn, startChat */

(() => {
  'use strict';

  const page = document.body.dataset.page;
  const logList = document.getElementById('log');
  const statusLine = document.getElementById('status');
  const entries = [];
  window.demoLog = entries;

  const ERROR_EVENTS = new Set(['peer-error', 'connection-error', 'call-error', 'page-error']);
  const WARN_EVENTS = new Set(['connection-close', 'call-close', 'peer-disconnected', 'peer-close', 'remote-video-ended']);

  /** Adds one entry to window.demoLog and to the visible log. */
  function record(event, detail = '', context = {}) {
    const entry = { event, detail: String(detail), at: Date.now(), ...context };
    entries.push(entry);
    const item = document.createElement('li');
    item.dataset.event = event;
    item.dataset.at = String(entry.at);
    if (ERROR_EVENTS.has(event)) item.dataset.level = 'error';
    else if (WARN_EVENTS.has(event)) item.dataset.level = 'warn';
    const time = document.createElement('time');
    time.dateTime = new Date(entry.at).toISOString();
    time.textContent = clockTime(entry.at);
    const contextText = [context.kind, context.peer && `peer ${context.peer}`].filter(Boolean).join(', ');
    item.append(time, ' ', span('event', event), ' ', span('detail', entry.detail));
    if (contextText) item.append(' ', span('context', `(${contextText})`));
    logList.append(item);
    logList.scrollTop = logList.scrollHeight;
    return entry;
  }

  function span(className, text) {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  }

  function clockTime(ms) {
    const date = new Date(ms);
    const pad = (n, width = 2) => String(n).padStart(width, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  }

  function describe(value) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }

  function describeError(error) {
    // PeerJS errors carry a `type` such as 'unavailable-id' or 'peer-unavailable'.
    return error && error.type ? `${error.type}: ${error.message}` : describe(error);
  }

  function setStatus(state, text) {
    if (!statusLine) return;
    statusLine.dataset.state = state;
    statusLine.textContent = text;
  }

  // ---- console.log: the tutorial prints received data with it ----
  const originalConsoleLog = console.log.bind(console);
  console.log = (...args) => {
    originalConsoleLog(...args);
    record('console.log', args.map(describe).join(' '));
  };
  window.addEventListener('error', (event) => record('page-error', event.error ? describe(event.error) : event.message));
  window.addEventListener('unhandledrejection', (event) => record('page-error', describe(event.reason)));
  record('page-load', page);

  // ---- the two videos: a badge says waiting / live / stalled / ended ----
  function videoFigure(which) {
    return document.querySelector(`figure[data-video="${which}"]`);
  }

  function setVideoState(which, state, label = state) {
    const figure = videoFigure(which);
    if (!figure) return;
    figure.dataset.state = state;
    const badge = figure.querySelector('.badge');
    if (badge) badge.textContent = label;
  }

  for (const which of ['local', 'remote']) {
    const video = document.querySelector(`video#${which}`);
    if (!video) continue;
    video.addEventListener('playing', () => {
      setVideoState(which, 'live');
      record(`${which}-video-playing`, `${video.videoWidth}×${video.videoHeight}`);
    });
  }

  /** Marks the remote video ended, if it still shows `stream` (after Call again it may show a newer one). */
  function remoteStreamEnded(stream, reason) {
    const video = document.querySelector('video#remote');
    if (!video || !stream || video.srcObject !== stream) return;
    if (videoFigure('remote')?.dataset.state === 'ended') return;
    setVideoState('remote', 'ended');
    record('remote-video-ended', reason);
  }

  // ---- PeerJS: observe every peer, connection and call the tutorial code makes ----
  const TutorialPeer = window.Peer;
  if (typeof TutorialPeer !== 'function') {
    record('page-error', 'PeerJS did not load (/peerjs.min.js)');
    setStatus('error', 'PeerJS did not load');
    return;
  }

  const outgoingCalls = new Set();
  let tutorialConnection = null;

  function observePeer(peer) {
    const { host, port, path, key, secure } = peer.options;
    const server = `${secure ? 'wss' : 'ws'}://${host}:${port}${path}peerjs?key=${key}`;
    record('peer-create', `id ${peer.id ?? '(assigned by the server)'}`, { server });
    setStatus('connecting', `registering as ${peer.id ?? 'a new peer'}…`);
    peer.on('open', (id) => {
      record('peer-open', id);
      setStatus('open', `registered as ${id}`);
    });
    peer.on('connection', (connection) => {
      record('connection-incoming', `from ${connection.peer}`, { kind: 'data', peer: connection.peer });
      observeDataConnection(connection);
    });
    peer.on('call', (call) => {
      record('call-incoming', `from ${call.peer}`, { kind: 'media', peer: call.peer });
      observeCall(call);
    });
    peer.on('error', (error) => {
      record('peer-error', describeError(error), { type: error.type });
      setStatus('error', error.type === 'unavailable-id'
        ? `the id ${peer.id ?? ''} is taken (another tab or rtcdemo command uses it; try ?id=another-id)`
        : `error: ${describeError(error)}`);
    });
    peer.on('disconnected', () => record('peer-disconnected', 'no longer connected to the signaling server'));
    peer.on('close', () => {
      record('peer-close', 'peer destroyed');
      // PeerJS destroys the peer after errors such as 'unavailable-id': keep the error's explanation.
      if (statusLine?.dataset.state !== 'error') setStatus('closed', 'closed');
    });
    // Leaving the page closes every connection now, so the other tab sees 'connection-close' and
    // 'call-close' within a second instead of waiting for ICE consent checks to time out.
    window.addEventListener('pagehide', () => closeEverything(peer));
  }

  function closeEverything(peer) {
    // peer.destroy() alone is not enough: PeerJS 1.5.5's _cleanupPeer() loops over a peer's connection
    // array while each close() splices itself out of it, so it skips every second connection. Measured on
    // /sender: destroy() closed the data connection but left the call open, and the receiver saw no
    // 'call-close' within 60 s of the tab closing (only ICE 'disconnected' after 7 s). Closing copies of
    // the arrays first closes them all; the receiver then logs both closes within ~100 ms.
    for (const connections of Object.values(peer.connections)) {
      for (const connection of [...connections]) connection.close();
    }
    peer.destroy();
  }

  function observeDataConnection(connection) {
    const context = { kind: 'data', peer: connection.peer };
    connection.on('open', () => record('connection-open', `with ${connection.peer}`, context));
    connection.on('data', (data) => record('data', describe(data), context));
    connection.on('close', () => record('connection-close', `with ${connection.peer}`, context));
    connection.on('error', (error) => record('connection-error', describeError(error), context));
    connection.on('iceStateChanged', (state) => record('ice-state', state, context));
  }

  function observeCall(call) {
    const context = { kind: 'media', peer: call.peer };
    let remoteStream = null;
    call.on('stream', (stream) => {
      remoteStream = stream;
      record('stream', `${stream.getVideoTracks().length} video, ${stream.getAudioTracks().length} audio track(s)`, context);
      for (const track of stream.getTracks()) {
        track.addEventListener('ended', () => remoteStreamEnded(stream, `${track.kind} track ended`));
      }
    });
    call.on('close', () => {
      record('call-close', `with ${call.peer}`, context);
      remoteStreamEnded(remoteStream, 'call closed');
    });
    call.on('error', (error) => record('call-error', describeError(error), context));
    call.on('iceStateChanged', (state) => {
      record('ice-state', state, context);
      const video = document.querySelector('video#remote');
      if (!remoteStream || video?.srcObject !== remoteStream) return;
      // 'disconnected' can recover (a network blip); 'failed' and 'closed' cannot.
      if (state === 'disconnected') setVideoState('remote', 'stalled', 'ICE disconnected');
      else if (state === 'failed' || state === 'closed') remoteStreamEnded(remoteStream, `ICE ${state}`);
      else if (state === 'connected' || state === 'completed') setVideoState('remote', 'live');
    });
  }

  /**
   * The tutorial calls peer.connect() right after new Peer(), before the server said OPEN. PeerJS 1.5.5 queues
   * signaling messages only until it has an id; with a chosen id ('sender') it has one at once, so an OFFER
   * made while the WebSocket is still connecting is silently dropped (Socket.send: `if (!this._wsOpen()) return`),
   * and the receiver never hears of the connection. Measured here: without this, the tutorial's 'hi!' was lost
   * in 1 of 20 sender-page loads on an idle machine and in 2 of 3 under a test run's load; with it, in none of 20.
   * https://github.com/peers/peerjs/issues/652, https://github.com/peers/peerjs/issues/55
   * Queue those messages instead; PeerJS sends its queue itself when the socket opens.
   */
  function queueSignalingUntilOpen(peer) {
    const socket = peer.socket;
    if (!socket || typeof socket._wsOpen !== 'function' || !Array.isArray(socket._messagesQueue)) return;
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (!socket._disconnected && !socket._wsOpen()) socket._messagesQueue.push(data);
      else send(data);
    };
  }

  class ObservedPeer extends TutorialPeer {
    constructor(...args) {
      super(...args);
      queueSignalingUntilOpen(this);
      observePeer(this);
    }

    connect(...args) {
      const connection = super.connect(...args);
      if (connection) {
        record('connection-start', `to ${connection.peer}`, { kind: 'data', peer: connection.peer });
        observeDataConnection(connection);
        tutorialConnection ??= connection;
        connection.on('open', updateControls);
        connection.on('close', updateControls);
      }
      return connection;
    }

    call(...args) {
      const call = super.call(...args);
      if (call) {
        record('call-start', `to ${call.peer}`, { kind: 'media', peer: call.peer });
        observeCall(call);
        outgoingCalls.add(call);
        call.on('close', () => outgoingCalls.delete(call));
      }
      return call;
    }
  }
  window.Peer = ObservedPeer;

  // ---- /sender only: Send and Call again, using the tutorial's own `conn` and `startChat` ----
  const sendForm = document.getElementById('send-form');
  const messageInput = document.getElementById('message');
  const sendButton = document.getElementById('send');
  const callAgainButton = document.getElementById('call-again');

  function updateControls() {
    if (sendButton) sendButton.disabled = !tutorialConnection?.open;
  }

  sendForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = messageInput.value;
    if (text === '') return;
    try {
      // `conn` is the tutorial's top-level const: classic scripts share one global scope.
      conn.send(text);
      record('sent', text, { kind: 'data', peer: conn.peer });
      messageInput.value = '';
    } catch (error) {
      record('page-error', `send failed: ${describe(error)}`);
    }
  });

  callAgainButton?.addEventListener('click', () => {
    // Hang up first: otherwise every click leaves another camera stream and RTCPeerConnection running,
    // still sending to the receiver after its video element switched to the newest call.
    for (const call of outgoingCalls) {
      const localStream = call.localStream;
      call.close();
      localStream?.getTracks().forEach((track) => track.stop());
    }
    outgoingCalls.clear();
    record('call-again', 'running the tutorial\'s startChat() again');
    try {
      startChat();
    } catch (error) {
      record('page-error', `startChat failed: ${describe(error)}`);
    }
  });

  // Show the code this page runs, straight from the tutorial <script> (parsed after this script).
  document.addEventListener('DOMContentLoaded', () => {
    const source = document.getElementById('tutorial')?.textContent ?? '';
    const target = document.getElementById('tutorial-source');
    if (target) target.textContent = source.trim();
  });
})();
