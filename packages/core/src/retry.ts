import { nextDelay } from "./backoff";

/** Retry policy: capped exponential backoff with decorrelated jitter, on retryable failures only. */
export interface RetryOptions {
  /** Total attempts including the first. Default 4; `1` disables retries. */
  attempts?: number;
  /** Smallest delay in ms. Default 500. */
  baseMs?: number;
  /** Largest delay in ms. Default 8000. */
  capMs?: number;
  /** A `Retry-After` longer than this (ms) is not waited for: the error is thrown at once. Default 30 000. */
  maxRetryAfterMs?: number;
  /** Waits `ms` milliseconds. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** `RetryOptions` with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** What a failed attempt means: whether to try again, and the server's `Retry-After` in ms if it sent one. */
export interface RetryDecision {
  retryable: boolean;
  retryAfterMs?: number | undefined;
}

/** Fills in the defaults of a retry policy. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    attempts: Math.max(1, Math.floor(options.attempts ?? 4)),
    baseMs: options.baseMs ?? 500,
    capMs: options.capMs ?? 8000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  };
}

/**
 * Runs `attempt` until it succeeds, fails in a way `decide` calls not retryable, or the attempts run out; the last
 * error is thrown as it is. Between tries it sleeps the jittered delay, or the server's `Retry-After` when longer.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  decide: (error: unknown) => RetryDecision,
  attempt: (tried: number) => Promise<T>,
): Promise<T> {
  let previous = policy.baseMs;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt(tried);
    } catch (error) {
      const { retryable, retryAfterMs = 0 } = decide(error);
      if (!retryable || tried >= policy.attempts || retryAfterMs > policy.maxRetryAfterMs) throw error;
      previous = nextDelay(previous, policy);
      await policy.sleep(Math.max(previous, retryAfterMs));
    }
  }
}
