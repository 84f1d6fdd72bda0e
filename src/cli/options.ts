/**
 * Parsers for command-line values. Each returns the parsed value or throws a UsageError whose message
 * names the flag, what was wrong, and what would be right.
 */
import { UsageError } from '../core/errors.js';
import { isValidPeerId } from '../shared/peer-id.js';

export function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535 (0 picks a free one), got "${value}"`);
  }
  return port;
}

export function parsePositiveInt(flag: string, value: string, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(`${flag} must be a whole number ${range}, got "${value}"`);
  }
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** Byte sizes: `64`, `16k`, `4MiB`, `1.5m`. */
export function parseByteSize(flag: string, value: string, { min = 0, max = 1024 ** 3 } = {}): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag} must be a size in bytes such as 64, 16k or 4MiB, got "${value}"`);
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes < min || bytes > max) throw new UsageError(`${flag} must be between ${min} and ${max} bytes, got "${value}"`);
  return bytes;
}

/** Durations in seconds: `5`, `5s`, `1.5s`, `500ms`, `2m`. Returns milliseconds. */
export function parseDuration(flag: string, value: string, { minMs = 0, maxMs = 24 * 3600_000 } = {}): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(value.trim());
  if (!match) throw new UsageError(`${flag} must be a duration such as 5, 5s, 500ms or 2m, got "${value}"`);
  const factor = { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm'];
  const ms = Math.round(Number(match[1]) * factor);
  if (ms < minMs || ms > maxMs) throw new UsageError(`${flag} must be between ${minMs / 1000}s and ${maxMs / 1000}s, got "${value}"`);
  return ms;
}

export function parsePeerId(flag: string, value: string): string {
  if (!isValidPeerId(value)) {
    throw new UsageError(
      `${flag} "${value}" is not a valid PeerJS id: use letters and digits, joined by single "-", "_" or spaces`,
    );
  }
  return value;
}

export { formatServerUrl, parseServerUrl } from '../core/server-url.js';
