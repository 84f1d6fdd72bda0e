/**
 * A still of the decoded remote video, as a reader of the report would have seen it: the `video#remote`
 * element drawn onto a canvas at its intrinsic size and encoded as a JPEG data URL.
 *
 * JPEG, not PNG: the fake camera's 640×480 frame measured 8–11 KB as JPEG at quality 0.85 and 30–45 KB as
 * PNG (the same frames converted with ImageMagick), and a report carries four of these per pair. A frame larger than MAX_DATA_URL_CHARS is encoded again at
 * lower quality, so one snapshot can never make the report heavy.
 */
import type { VideoSnapshot } from '../protocol.js';
import { agentError } from './agent-error.js';
import { sleep } from './timers.js';

const MAX_DATA_URL_CHARS = 400_000;
const MAX_EDGE = 1920;
const QUALITIES = [0.85, 0.6, 0.4, 0.2];

export async function snapshotRemoteVideo(timeoutMs: number): Promise<VideoSnapshot> {
  const video = document.querySelector<HTMLVideoElement>('video#remote');
  if (!video) throw agentError('not-ready', 'the agent page has no video#remote element');
  // HAVE_CURRENT_DATA: the element holds a decoded frame to draw (before that drawImage paints nothing).
  const deadline = performance.now() + timeoutMs;
  while (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
    if (performance.now() > deadline) throw agentError('timeout', `the remote video showed no frame within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
  const scale = Math.min(1, MAX_EDGE / Math.max(video.videoWidth, video.videoHeight));
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw agentError('not-ready', 'no 2D canvas context for the snapshot');
  context.drawImage(video, 0, 0, width, height);
  let dataUrl = '';
  for (const quality of QUALITIES) {
    dataUrl = canvas.toDataURL('image/jpeg', quality);
    if (dataUrl.length <= MAX_DATA_URL_CHARS) break;
  }
  return { mimeType: 'image/jpeg', width, height, dataUrl, at: Date.now() };
}
