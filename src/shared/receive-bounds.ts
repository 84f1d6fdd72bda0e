/**
 * How big a message `rtcdemo receive` takes. Up to --max-message-bytes a message is printed whole (JSON gets
 * all of it; a text line is cut for the terminal with a note). Above it, only its size and a short prefix
 * leave the agent page. Above the refusal bound the message is not even put together: PeerJS reassembles
 * chunked messages in the page (one 300 MB string took the renderer to 5.1 GB until it died), so the
 * connection is closed as soon as that much of one message has arrived.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** A message larger than what is shown, but not this large, is still reassembled and described by size. */
export const MIN_REFUSE_ABOVE_BYTES = 16 * 1024 * 1024;

/** Bytes of one message at which the connection that sends it is closed: 4 × the shown bound, at least 16 MiB. */
export function refuseAboveBytes(maxMessageBytes: number): number {
  return Math.max(MIN_REFUSE_ABOVE_BYTES, 4 * maxMessageBytes);
}

/** Characters of a message over the bound that are still shown, so a reader can tell what it was. */
export const OVERSIZE_PREFIX_CHARS = 80;

/** Bound on any other string an agent page reports (peer ids, server error text, close reasons). */
export const MAX_EVENT_TEXT_CHARS = 4096;
