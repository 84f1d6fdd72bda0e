/** `--codec`: whether each direction of a call used the codec asked for (call and call-test alike). */
import type { VideoCodecName } from '../protocol.js';

/**
 * null when every direction used `codec`; else one line naming each direction that did not, e.g.
 * `--codec VP9: video/VP8 to the receiver`. `got` is a mimeType such as `video/VP9`, or null (nothing decoded).
 */
export function codecMismatch(codec: VideoCodecName, directions: ReadonlyArray<readonly [label: string, got: string | null]>): string | null {
  const off = directions.filter(([, got]) => got?.toUpperCase() !== `VIDEO/${codec}`);
  if (off.length === 0) return null;
  return `--codec ${codec}: ${off.map(([label, got]) => `${got ?? 'no codec'} ${label}`).join(', ')}`;
}
