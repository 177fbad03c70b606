import { CircuitOpenError, CloudflareImagesError } from "./errors";

/** The breaker's shared state, as stored in a `BreakerStore`. */
export interface BreakerState {
  /** `closed`: calls pass; `open`: calls fail fast until `until`; `half-open`: one trial call is in flight. */
  status: "closed" | "open" | "half-open";
  /** Consecutive failures while closed. */
  failures: number;
  /** Unix ms: end of the open period, or (half-open) when an unfinished trial is given up on. */
  until: number;
}

/**
 * Where breaker state lives. Memory by default; implement it over Redis, KV or a database to share one breaker
 * between processes. Without an atomic compare-and-set, two processes may each send a half-open trial.
 */
export interface BreakerStore {
  get(key: string): Promise<BreakerState | undefined>;
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
  /** Store key. Default `darkroom:cloudflare-images:<accountId>`. */
  key?: string;
  /** Current time in ms. Default `Date.now`. */
  now?: () => number;
}

/** A `BreakerStore` in this process's memory. */
export function memoryBreakerStore(): BreakerStore {
  const states = new Map<string, BreakerState>();
  return {
    get: async (key) => {
      const state = states.get(key);
      return state && { ...state };
    },
    set: async (key, state) => {
      states.set(key, { ...state });
    },
  };
}

const CLOSED: BreakerState = { status: "closed", failures: 0, until: 0 };

/**
 * A circuit breaker over each upstream attempt. Only retryable failures (network, 5xx, 429) count; a 4xx answer
 * means Cloudflare is up, so it resets the count like a success.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #store: BreakerStore;
  readonly #key: string;
  readonly #now: () => number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(key: string, options: BreakerOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    this.#store = options.store ?? memoryBreakerStore();
    this.#key = options.key ?? key;
    this.#now = options.now ?? (() => Date.now());
  }

  /** The current state (closed when nothing was stored yet). */
  async state(): Promise<BreakerState> {
    return (await this.#store.get(this.#key)) ?? CLOSED;
  }

  /** Runs `call` if the breaker lets it through, and records its outcome. Throws `CircuitOpenError` otherwise. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.#serial(() => this.#admit());
    let result: T;
    try {
      result = await call();
    } catch (error) {
      const counts = !(error instanceof CloudflareImagesError) || error.retryable;
      await this.#serial(() => (counts ? this.#failure() : this.#success()));
      throw error;
    }
    await this.#serial(() => this.#success());
    return result;
  }

  /** Runs store operations of this instance one at a time, so one process sends only one half-open trial. */
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(step, step);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #admit(): Promise<void> {
    const state = await this.state();
    const now = this.#now();
    if (state.status === "closed") return;
    if (now < state.until) throw new CircuitOpenError(state.until, now);
    await this.#store.set(this.#key, {
      status: "half-open",
      failures: state.failures,
      until: now + this.#openMs,
    });
  }

  async #success(): Promise<void> {
    const state = await this.state();
    if (state.status !== "closed" || state.failures !== 0) await this.#store.set(this.#key, CLOSED);
  }

  async #failure(): Promise<void> {
    const state = await this.state();
    if (state.status === "open") return;
    const now = this.#now();
    const failures = state.failures + 1;
    if (state.status === "half-open" || failures >= this.#threshold) {
      await this.#store.set(this.#key, { status: "open", failures, until: now + this.#openMs });
    } else if (state.status === "closed") {
      await this.#store.set(this.#key, { status: "closed", failures, until: 0 });
    }
  }
}
