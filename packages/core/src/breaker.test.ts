import { describe, expect, it } from "vitest";
import { BreakerOpenError, CircuitBreaker, memoryBreakerStore } from "./breaker";
import type { BreakerOptions } from "./resilience-types";

const clock = () => {
  const c = { now: 1_000_000, fn: () => c.now };
  return c;
};
class NotFound extends Error {}
const outage = () => Promise.reject(new Error("connection refused"));
const notFound = () => Promise.reject(new NotFound("404"));
const fine = () => Promise.resolve("ok");
const unexpected = (value: unknown) => {
  throw new Error(`expected a rejection, got ${String(value)}`);
};

async function failTimes(breaker: CircuitBreaker, n: number) {
  for (let i = 0; i < n; i++) await breaker.run(outage).catch(() => undefined);
}

function deferred() {
  let resolve: (value: string) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function breakerAt(c: ReturnType<typeof clock>, options: BreakerOptions = {}) {
  return new CircuitBreaker("k", { now: c.fn, ...options });
}

describe("CircuitBreaker", () => {
  it("stays closed through 4 failures and opens on the 5th, failing fast with the retry time", async () => {
    const c = clock();
    const breaker = breakerAt(c);
    await failTimes(breaker, 4);
    await expect(breaker.run(fine)).resolves.toBe("ok");
    await failTimes(breaker, 4);
    expect((await breaker.state()).status).toBe("closed");
    await failTimes(breaker, 1);
    let called = false;
    const error = await breaker
      .run(async () => {
        called = true;
      })
      .then(unexpected, (e: unknown) => e);
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(error).toMatchObject({ retryAt: c.now + 30_000, retryAfter: 30 });
  });

  it("does not count errors that isFailure rejects: the upstream answered", async () => {
    const breaker = breakerAt(clock(), { isFailure: (e) => !(e instanceof NotFound) });
    await failTimes(breaker, 4);
    for (let i = 0; i < 10; i++) await breaker.run(notFound).catch(() => undefined);
    expect(await breaker.state()).toEqual({ status: "closed", failures: 0, until: 0 });
  });

  it("counts every error by default and rethrows it unchanged", async () => {
    const breaker = breakerAt(clock(), { threshold: 2 });
    const error = new NotFound("404");
    await expect(breaker.run(() => Promise.reject(error))).rejects.toBe(error);
    await breaker.run(notFound).catch(() => undefined);
    expect((await breaker.state()).status).toBe("open");
  });

  it("throws the error openError builds while open", async () => {
    const c = clock();
    class Busy extends Error {}
    const breaker = breakerAt(c, { threshold: 1, openError: (retryAt, now) => new Busy(`${retryAt - now}`) });
    await failTimes(breaker, 1);
    c.now += 1000;
    await expect(breaker.run(fine)).rejects.toEqual(new Busy("29000"));
  });

  it("half-opens after 30 s: one trial passes, others fail fast, success closes", async () => {
    const c = clock();
    const breaker = breakerAt(c);
    await failTimes(breaker, 5);
    c.now += 29_999;
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(BreakerOpenError);
    c.now += 1;
    const trial = deferred();
    const first = breaker.run(() => trial.promise);
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(BreakerOpenError);
    expect((await breaker.state()).status).toBe("half-open");
    trial.resolve("back");
    await expect(first).resolves.toBe("back");
    expect(await breaker.state()).toEqual({ status: "closed", failures: 0, until: 0 });
    await expect(breaker.run(fine)).resolves.toBe("ok");
  });

  it("re-opens for another open period when the trial fails", async () => {
    const c = clock();
    const breaker = breakerAt(c, { openMs: 10_000 });
    await failTimes(breaker, 5);
    c.now += 10_000;
    await failTimes(breaker, 1);
    expect(await breaker.state()).toMatchObject({ status: "open", until: c.now + 10_000 });
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it("re-opens on a failed trial even below the threshold, e.g. opened by a breaker with a lower one", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store, threshold: 1 }), 1);
    c.now += 30_000;
    const strict = breakerAt(c, { store, threshold: 5 });
    await failTimes(strict, 1);
    expect(await strict.state()).toEqual({ status: "open", failures: 2, until: c.now + 30_000 });
  });

  it("lets a new trial through when a half-open trial never reported back", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store }), 5);
    c.now += 30_000;
    const crashed = breakerAt(c, { store });
    void crashed.run(() => new Promise(() => undefined));
    await new Promise((r) => setTimeout(r, 0));
    await expect(breakerAt(c, { store }).run(fine)).rejects.toBeInstanceOf(BreakerOpenError);
    c.now += 30_000;
    await expect(breakerAt(c, { store }).run(fine)).resolves.toBe("ok");
  });

  it("shares its state through the store, like processes sharing Redis", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store }), 5);
    await expect(breakerAt(c, { store }).run(fine)).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(breakerAt(c, { store, key: "other-account" }).run(fine)).resolves.toBe("ok");
  });
});

describe("memoryBreakerStore", () => {
  it("hands out copies, so callers cannot change stored state behind its back", async () => {
    const store = memoryBreakerStore();
    const state = { status: "open" as const, failures: 5, until: 10 };
    await store.set("k", state);
    state.failures = 99;
    const read = await store.get("k");
    expect(read).toEqual({ status: "open", failures: 5, until: 10 });
    if (read) read.until = 0;
    expect(await store.get("k")).toEqual({ status: "open", failures: 5, until: 10 });
    expect(await store.get("missing")).toBeUndefined();
  });
});
