/** Inputs of {@link nextDelay}: the bounds of capped exponential backoff with decorrelated jitter. */
export interface BackoffOptions {
  /** Smallest delay in ms, and the first `previous` delay. */
  baseMs: number;
  /** Largest delay in ms. */
  capMs: number;
  /** Uniform random number in [0, 1). Inject a constant to make delays predictable in tests. */
  random: () => number;
}

/** A circuit breaker's shared state, as stored in a {@link BreakerStore}. */
export interface BreakerState {
  /** `closed`: calls pass; `open`: calls fail fast until `until`; `half-open`: one trial call is in flight. */
  status: "closed" | "open" | "half-open";
  /** Consecutive failures while closed. */
  failures: number;
  /** Unix ms: end of the open period, or (half-open) when an unfinished trial is given up on. */
  until: number;
}

/**
 * Where breaker state lives. Memory by default; implement it over Redis, KV, a database or (in browsers)
 * `BroadcastChannel` to share one breaker between processes or tabs. Without an atomic compare-and-set, two
 * processes may each send a half-open trial.
 */
export interface BreakerStore {
  /** The state stored under `key`, or `undefined` when there is none. */
  get(key: string): Promise<BreakerState | undefined>;
  /** Stores `state` under `key`. */
  set(key: string, state: BreakerState): Promise<void>;
}

/** Circuit breaker settings. */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  threshold?: number;
  /** How long it stays open (ms) before a trial call is let through. Default 30 000. */
  openMs?: number;
  /** Shared state. Default: a new in-memory store. */
  store?: BreakerStore;
  /** Store key. Default: the key given to the constructor. */
  key?: string;
  /** Current time in ms. Default `Date.now`. */
  now?: () => number;
  /**
   * Whether a thrown error counts as a failure of the upstream. Errors that do not count are treated like a success
   * (the upstream answered, e.g. with a 4xx). Default: every error counts.
   */
  isFailure?: (error: unknown) => boolean;
  /** Builds the error thrown while the breaker is open. Default: a {@link BreakerOpenError}. */
  openError?: (retryAt: number, now: number) => Error;
}
