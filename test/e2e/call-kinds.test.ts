/**
 * `rtcdemo receive` answers a call with the kinds the caller offered (fake microphone too), and `rtcdemo call`
 * reports the audio it gets back. Callers are plain PeerJS pages and rtcdemo's own `call`.
 * Before, every answer carried the camera alone: an audio-only caller never got a stream, an audio and video
 * caller got no audio back.
 */
import { describe, expect, it } from 'vitest';
import { runRtcdemo, useDemoServerAndBrowser, type CliRun } from './support.js';
import { openPeerPage } from './peer-page.js';

const rig = useDemoServerAndBrowser('127.0.0.1');

function signaling() {
  const { hostname, port } = new URL(rig.server.url);
  return { host: hostname, port: Number(port) };
}

async function withReceiver<T>(id: string, work: (receive: CliRun) => Promise<T>): Promise<T> {
  const receive = runRtcdemo(['receive', '--id', id, '--server', rig.server.url]);
  try {
    await receive.waitFor('stderr', /registered as "/, 20_000);
    return await work(receive);
  } finally {
    receive.child.kill('SIGTERM');
    await receive.exited;
  }
}

describe('rtcdemo receive answers with what the caller sent', () => {
  it.each<[string, MediaStreamConstraints, string[], RegExp]>([
    ['an audio-only caller gets the microphone', { audio: true }, ['audio'], /answering with the fake microphone$/m],
    ['an audio and video caller gets both', { audio: true, video: true }, ['audio', 'video'], /answering with the fake camera and microphone$/m],
    ['a video-only caller (the tutorial) gets the camera', { video: true }, ['video'], /answering with the fake camera$/m],
  ])('%s', { timeout: 60_000 }, async (name, constraints, kinds, line) => {
    const id = `kinds-${kinds.join('-')}`;
    await withReceiver(id, async (receive) => {
      const caller = await openPeerPage(rig.browser.browser, { pagesUrl: rig.server.url, signaling: signaling(), id: `${id}-caller` });
      try {
        const answer = await caller.call(id, constraints);
        expect(answer.kinds, name).toEqual(kinds);
        if (kinds.includes('audio')) expect(answer.audioPacketsReceived).toBeGreaterThan(0);
        expect(receive.stderr()).toMatch(line);
      } finally {
        await caller.page.close();
      }
    });
  });
});

describe('rtcdemo call reports the audio it receives', () => {
  it('packets, level, jitter and concealment in its JSON report', { timeout: 60_000 }, async () => {
    await withReceiver('audio-receiver', async () => {
      const call = runRtcdemo(['call', '--to', 'audio-receiver', '--duration', '2s', '--json', '--server', rig.server.url]);
      const { code } = await call.exited;
      expect(code, call.stderr()).toBe(0);
      const report = JSON.parse(call.stdout()) as {
        receivedAudio: { packetsReceived: number; packetsLost: number; audioLevel: number | null; jitterMs: number | null; concealedSamples: number; concealmentEvents: number; codec: string | null } | null;
      };
      expect(report.receivedAudio).not.toBeNull();
      const audio = report.receivedAudio!;
      // Opus sends 50 packets a second: a 2 s window holds well over one second's worth.
      expect(audio.packetsReceived).toBeGreaterThan(50);
      // The fake microphone beeps: the level over the window is above silence.
      expect(audio.audioLevel).toBeGreaterThan(0);
      expect(audio.jitterMs).not.toBeNull();
      expect(audio.codec).toBe('audio/opus');
      expect(Number.isInteger(audio.concealedSamples) && Number.isInteger(audio.concealmentEvents)).toBe(true);
    });
  });
});
