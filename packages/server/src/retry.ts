import { type RetryPolicy, withRetry as retryWith } from "@darkroom/core";
import { CloudflareImagesError } from "./errors";

export type { RetryOptions, RetryPolicy } from "@darkroom/core";
export { retryPolicy } from "@darkroom/core";

/**
 * Runs `attempt` with core's retry loop, retrying only what Cloudflare's answer marks retryable (network errors,
 * 5xx, 429) and honouring its `Retry-After`.
 */
export function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  return retryWith(
    policy,
    (error) =>
      error instanceof CloudflareImagesError
        ? { retryable: error.retryable, retryAfterMs: (error.retryAfter ?? 0) * 1000 }
        : { retryable: false },
    attempt,
  );
}
