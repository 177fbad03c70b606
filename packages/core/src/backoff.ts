import type { BackoffOptions } from "./resilience-types";

/**
 * The next delay (ms) of capped exponential backoff with decorrelated jitter: `min(cap, random(base, previous * 3))`.
 * Start with `previous = baseMs` and feed each result back in. Jitter spreads clients that failed together, so they
 * do not all retry at the same moment.
 */
export function nextDelay(previous: number, options: BackoffOptions): number {
  const high = Math.max(options.baseMs, previous * 3);
  return Math.min(options.capMs, options.baseMs + options.random() * (high - options.baseMs));
}

/**
 * Parses a `Retry-After` header (delay in seconds, or an HTTP date) into milliseconds from `now` (Unix ms).
 * Returns `undefined` when absent or unreadable. Dates in the past give 0; a date's distance is rounded up to whole
 * seconds, its own resolution, so a client never comes back early.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const trimmed = header?.trim() ?? "";
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000)) * 1000;
}
