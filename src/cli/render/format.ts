/** The one home of number formatting for people: milliseconds, seconds, bytes, aligned tables, candidate pairs. */
import type { CandidatePairInfo } from '../../protocol.js';
import { terminalText } from './terminal-safe.js';
import { describeCandidateEnd } from '../../shared/ice-candidate.js';

/** Shown where a value was not measured. */
export const DASH = '–';

/** Milliseconds with a unit, to one decimal below 10 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Seconds with a unit: one decimal below 10 s. */
export function formatSeconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return DASH;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Byte counts in binary units, as parseByteSize reads them (k/M are 1024-based): `64 B`, `16 KiB`, `1.5 MiB`.
 * `fixed: true` always shows one decimal (`1.0 KiB`), for columns of live figures that should not jump.
 */
export function formatBytes(bytes: number, options: { fixed?: boolean } = {}): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : [bytes / 1024 ** 2, 'MiB'];
  return `${options.fixed || !Number.isInteger(value) ? value.toFixed(1) : value} ${unit}`;
}

/** Renders rows as an aligned plain-text table (no borders), first row is the header. */
export function renderTable(rows: string[][], options: { indent?: string } = {}): string {
  const widths: number[] = [];
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visible(cell)); });
  return rows
    .map((row) => (options.indent ?? '') + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell)))).join('  '))
    .join('\n');
}

/** `host/udp ↔ srflx/udp (RTT 0.4 ms)`; candidate types and protocols come from the browser's stats. */
export function formatCandidatePair(pair: CandidatePairInfo | null): string {
  if (!pair) return DASH;
  const rtt = pair.currentRoundTripTimeMs === null ? '' : ` (RTT ${formatMs(pair.currentRoundTripTimeMs)})`;
  return `${terminalText(`${describeCandidateEnd(pair.local)} ↔ ${describeCandidateEnd(pair.remote)}`)}${rtt}`;
}
