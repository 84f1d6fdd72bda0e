/**
 * call-test values that can never pass, refused before a run (a UsageError, exit 2) by the CLI and the library
 * alike: a media window too short to measure a rate (0 always failed the fps check), and check messages that
 * PeerJS or Chromium would refuse to carry (they failed only after the 30 s acknowledgement timeout).
 */
import type { Serialization } from '../../protocol.js';
import { CHROMIUM_MAX_MESSAGE_BYTES, PEERJS_JSON_MAX_BYTES, largestCheckSize } from '../../shared/message-limits.js';
import { UsageError } from '../errors.js';

/** fps and bitrate are rates over the media window: under a second there is nothing to measure. */
export const MIN_CALL_TEST_DURATION_MS = 1000;

/**
 * Throws when check messages of `size` bytes can't travel in `serialization`. `names` are how the caller calls
 * the two values (`--size 20k` / `--serialization` in the CLI, `size 20480` / `serialization` in the library).
 */
export function checkMessageFits(size: number, serialization: Serialization, messages: number, names: { size: string; serialization: string; largest: (bytes: number) => string }): void {
  const largest = largestCheckSize(serialization, messages - 1);
  if (size <= largest) return;
  const why =
    serialization === 'json'
      ? `PeerJS refuses JSON messages of ${PEERJS_JSON_MAX_BYTES + 1} bytes or more, and a check message carries its payload as base64`
      : `Chromium carries at most ${CHROMIUM_MAX_MESSAGE_BYTES / 1024} KiB per message and raw messages are not chunked`;
  throw new UsageError(`${names.size} is too large for ${names.serialization} ${serialization}: ${why}; use ${names.largest(largest)} or less, or ${names.serialization} binary`);
}
