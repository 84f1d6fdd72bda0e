/**
 * The agent page: installs `window.rtcAgent` (typed by RtcAgentApi in src/protocol.ts), which Node drives
 * through page.evaluate. Bundled by esbuild into one IIFE and served by the agent host.
 */
import type { RtcAgentApi } from '../protocol.js';
import { startPeer, destroyPeer } from './peer-session.js';
import { listenForConnections } from './incoming.js';
import { answerCalls, hangUpCalls, placeCall, sampleMedia, warmCamera } from './media.js';
import { sendMessages } from './send-messages.js';
import { runDataCheck } from './data-check.js';
import { tracePeer } from './trace.js';
import { iceReports } from './ice-watch.js';
import { preferVideoCodec } from './codec-preference.js';
import { snapshotRemoteVideo } from './snapshot.js';

const api: RtcAgentApi = {
  startPeer: (options) =>
    startPeer(options, (peer) => {
      if (options.trace) tracePeer(peer);
      listenForConnections(peer, { acknowledge: options.acknowledge, maxMessageBytes: options.maxMessageBytes });
      if (options.answerCalls) answerCalls(peer);
    }),
  sendMessages,
  call: placeCall,
  sampleMedia,
  preferVideoCodec,
  runDataCheck,
  iceReports,
  warmCamera,
  snapshotRemoteVideo,
  hangUp: hangUpCalls,
  destroy: () => {
    hangUpCalls();
    destroyPeer();
  },
};

window.rtcAgent = api;
