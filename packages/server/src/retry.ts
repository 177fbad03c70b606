import { nextDelay } from "@darkroom/core";
import { CloudflareImagesError } from "./errors";

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
 * Runs `attempt` until it succeeds, throws a non-retryable error, or the attempts run out. Between tries it sleeps
 * the jittered delay, or the server's `Retry-After` when that is longer.
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  let previous = policy.baseMs;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof CloudflareImagesError) || !error.retryable || tried >= policy.attempts)
        throw error;
      const retryAfterMs = (error.retryAfter ?? 0) * 1000;
      if (retryAfterMs > policy.maxRetryAfterMs) throw error;
      previous = nextDelay(previous, policy);
      await policy.sleep(Math.max(previous, retryAfterMs));
    }
  }
}
