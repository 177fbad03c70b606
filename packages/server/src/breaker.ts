import {
  type BreakerOptions as CoreBreakerOptions,
  CircuitBreaker as CoreCircuitBreaker,
} from "@darkroom/core";
import { CircuitOpenError, CloudflareImagesError } from "./errors";

export type { BreakerState, BreakerStore } from "@darkroom/core";
export { memoryBreakerStore } from "@darkroom/core";

/** Circuit breaker settings. */
export interface BreakerOptions extends Omit<CoreBreakerOptions, "key" | "isFailure" | "openError"> {
  /** Store key. Default `darkroom:cloudflare-images:<accountId>`. */
  key?: string;
}

/** Network errors, 5xx and 429 mean Cloudflare is struggling; any other answer means it is up. */
const isOutage = (error: unknown) => !(error instanceof CloudflareImagesError) || error.retryable;

/**
 * `@darkroom/core`'s circuit breaker over each upstream attempt. Only retryable failures (network, 5xx, 429) count;
 * a 4xx answer means Cloudflare is up, so it resets the count like a success. Fails fast with `CircuitOpenError`.
 */
export class CircuitBreaker extends CoreCircuitBreaker {
  constructor(key: string, options: BreakerOptions = {}) {
    super(key, {
      ...options,
      isFailure: isOutage,
      openError: (retryAt, now) => new CircuitOpenError(retryAt, now),
    });
  }
}
