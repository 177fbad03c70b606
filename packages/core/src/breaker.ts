import type { BreakerOptions, BreakerState, BreakerStore } from "./resilience-types";

/** Thrown by {@link CircuitBreaker.run} while the breaker is open: the call was not made. */
export class BreakerOpenError extends Error {
  /** Unix time in milliseconds when the breaker lets a trial call through again. */
  readonly retryAt: number;
  /** Whole seconds until `retryAt`, at least 1. */
  readonly retryAfter: number;

  constructor(retryAt: number, now: number) {
    super(`Circuit breaker is open; retry after ${new Date(retryAt).toISOString()}`);
    this.name = "BreakerOpenError";
    this.retryAt = retryAt;
    this.retryAfter = Math.max(1, Math.ceil((retryAt - now) / 1000));
  }
}

/** A `BreakerStore` in this process's (or tab's) memory. */
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
 * A circuit breaker: closed, it opens after `threshold` consecutive failures and fails fast for `openMs`; then it
 * half-opens and lets one trial call through, whose success closes it and whose failure re-opens it.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #store: BreakerStore;
  readonly #key: string;
  readonly #now: () => number;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #openError: (retryAt: number, now: number) => Error;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(key: string, options: BreakerOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    this.#store = options.store ?? memoryBreakerStore();
    this.#key = options.key ?? key;
    this.#now = options.now ?? (() => Date.now());
    this.#isFailure = options.isFailure ?? (() => true);
    this.#openError = options.openError ?? ((retryAt, now) => new BreakerOpenError(retryAt, now));
  }

  /** The current state (closed when nothing was stored yet). */
  async state(): Promise<BreakerState> {
    return (await this.#store.get(this.#key)) ?? CLOSED;
  }

  /** Runs `call` if the breaker lets it through, and records its outcome. Throws the open error otherwise. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.#serial(() => this.#admit());
    let result: T;
    try {
      result = await call();
    } catch (error) {
      const counts = this.#isFailure(error);
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
    if (now < state.until) throw this.#openError(state.until, now);
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
