/**
 * The fake camera and microphone (Chromium's --use-fake-device-for-media-stream: a test pattern and a beep),
 * acquired once per combination of kinds. An answer carries the kinds the caller offered: an audio-only call
 * gets the microphone, an audio and video call both (answering every call with the camera alone left the
 * first without a stream and the second without audio back).
 */
import { agentError } from './agent-error.js';

export interface MediaKinds {
  audio: boolean;
  video: boolean;
}

const streams = new Map<string, Promise<MediaStream>>();
let firstAcquireMs: number | null = null;

/** The fake devices for `kinds`; the time of the first acquisition is the getUserMedia time reported. */
export function getLocalMedia(kinds: MediaKinds): Promise<MediaStream> {
  const key = `${kinds.audio ? 'a' : ''}${kinds.video ? 'v' : ''}`;
  let stream = streams.get(key);
  if (!stream) {
    const began = performance.now();
    stream = navigator.mediaDevices.getUserMedia(kinds).then(
      (acquired) => {
        firstAcquireMs ??= performance.now() - began;
        if (kinds.video) showVideo('local', acquired);
        return acquired;
      },
      (error: unknown) => {
        streams.delete(key);
        throw agentError('media', `getUserMedia failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    streams.set(key, stream);
  }
  return stream;
}

/** What rtcdemo's own calls send: camera and microphone. */
export const CALLER_KINDS: MediaKinds = { audio: true, video: true };

export function getUserMediaMs(): number {
  return firstAcquireMs ?? 0;
}

/** Acquire the devices a call will use ahead of time (overlaps with signaling in call-test). */
export async function warmCamera(): Promise<number> {
  await getLocalMedia(CALLER_KINDS);
  return getUserMediaMs();
}

/**
 * The kinds an incoming call's offer carries: its m-lines that are not `inactive`. PeerJS keeps the OFFER on
 * the MediaConnection (options._payload.sdp) until answer() hands it to the RTCPeerConnection. When it can't be
 * read, the camera alone, as before.
 */
export function offeredKinds(call: unknown): MediaKinds {
  const sdp = (call as { options?: { _payload?: { sdp?: { sdp?: unknown } } } }).options?._payload?.sdp?.sdp;
  if (typeof sdp !== 'string') return { audio: false, video: true };
  return kindsInSdp(sdp);
}

export function kindsInSdp(sdp: string): MediaKinds {
  const kinds: MediaKinds = { audio: false, video: false };
  for (const section of sdp.split(/\r?\n(?=m=)/).slice(1)) {
    const kind = /^m=(audio|video) /.exec(section)?.[1] as keyof MediaKinds | undefined;
    if (kind && !/\r?\na=inactive\b/.test(section) && !/^m=\S+ 0 /.test(section)) kinds[kind] = true;
  }
  return kinds.audio || kinds.video ? kinds : { audio: false, video: true };
}

export function showVideo(id: 'local' | 'remote', stream: MediaStream): void {
  const video = document.querySelector<HTMLVideoElement>(`video#${id}`);
  if (video) {
    // Received audio played by a muted element reaches getStats() as silence (totalAudioEnergy stays 0,
    // measured here), so the remote one plays unmuted; puppeteer's --mute-audio keeps the headless browser quiet.
    if (id === 'remote') video.muted = false;
    video.srcObject = stream;
    void video.play().catch(() => undefined);
  }
}
