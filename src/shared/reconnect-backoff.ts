/**
 * When an agent tries the signaling server again after losing it. Attempts at 0.25, 1, 2.5, 5.5 and 11.5 s
 * after the loss, then every 8 s: quick when a server restarts, gentle on one that is down. The count goes on
 * across outages until a connection has held for STABLE_CONNECTION_MS, so a server that answers OPEN and then
 * drops the peer (an ERROR, a crash loop) is retried ever more slowly instead of every ~0.75 s forever.
 */
const BACKOFF_MS = [250, 750, 1500, 3000, 6000] as const;
export const MAX_RECONNECT_DELAY_MS = 8000;

/** A server connection that lasted this long was a working one: the next outage starts the backoff afresh. */
export const STABLE_CONNECTION_MS = 10_000;

/** After this many connections in a row that the server dropped within STABLE_CONNECTION_MS, say so. */
export const REFUSALS_REPORTED_AFTER = 3;

/** The wait before reconnect attempt `attempt` (0-based, counted across short-lived connections). */
export function reconnectDelayMs(attempt: number): number {
  return BACKOFF_MS[attempt] ?? MAX_RECONNECT_DELAY_MS;
}
