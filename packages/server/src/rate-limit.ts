/** Token bucket settings: `capacity` calls at once, refilled at `refillPerSecond`. */
export interface RateLimitOptions {
  /** Burst size. Default 100: one person can drop a batch of 50 photos (and retry some) without waiting. */
  capacity?: number;
  /** Tokens added per second. Default 1 (60 a minute, sustained). */
  refillPerSecond?: number;
  /** Current time in ms. Default `Date.now()`. */
  now?: () => number;
}

/** Outcome of one `take`: allowed, or refused with the seconds until a token is back. */
export type RateLimitResult = { allowed: true } | { allowed: false; retryAfter: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Per-key token buckets kept in memory (per process; idle buckets are dropped once full again). */
export class TokenBucketLimiter {
  readonly #capacity: number;
  readonly #rate: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}) {
    this.#capacity = options.capacity ?? 100;
    this.#rate = options.refillPerSecond ?? 1;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Takes one token from `key`'s bucket. */
  take(key: string): RateLimitResult {
    const now = this.#now();
    if (this.#buckets.size > 10_000) this.#prune(now);
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now };
    const tokens = Math.min(this.#capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.#rate);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((1 - tokens) / this.#rate)) };
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#rate >= this.#capacity)
        this.#buckets.delete(key);
    }
  }
}
