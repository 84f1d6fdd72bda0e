/**
 * Stills of the decoded remote video for the HTML report: what each side actually showed, at the first
 * frame and at the end of the media window. Taken only when asked for (`snapshots: true`), delivered as
 * `video-snapshot` events, never part of the JSON result (four JPEGs would dwarf it).
 */
import type { AgentPage } from './agent/agent-page.js';
import { rtcdemoEvent, type RtcdemoEventListener } from './events.js';

export type SnapshotMoment = 'first-frame' | 'last-frame';

/** How long a snapshot may wait for the video element to hold a frame once stats say one was decoded. */
const SNAPSHOT_TIMEOUT_MS = 3000;

/**
 * Snapshots `page`'s remote video (the camera of `peer`) and reports it as an event; a failure is reported
 * too (with its reason) and never rejects: a missing picture must not fail a check.
 */
export async function snapshotRemoteVideo(page: AgentPage, who: { agent: string; peer: string }, moment: SnapshotMoment, onEvent: RtcdemoEventListener | undefined): Promise<void> {
  try {
    const snapshot = await page.snapshotRemoteVideo(SNAPSHOT_TIMEOUT_MS);
    onEvent?.(rtcdemoEvent('video-snapshot', { ...who, moment, snapshot, error: null }));
  } catch (error) {
    onEvent?.(rtcdemoEvent('video-snapshot', { ...who, moment, snapshot: null, error: error instanceof Error ? error.message : String(error) }));
  }
}
