import { describe, expect, it } from "vitest";
import { fail, fakeFetch, unexpected } from "../test/fake-fetch";
import { type BreakerOptions, CircuitBreaker, memoryBreakerStore } from "./breaker";
import { createImagesClient } from "./client";
import { CircuitOpenError, CloudflareImagesError, CloudflareNetworkError } from "./errors";

const clock = () => {
  const c = { now: 1_000_000, fn: () => c.now };
  return c;
};
const outage = () => Promise.reject(new CloudflareNetworkError("connection refused"));
const notFound = () =>
  Promise.reject(new CloudflareImagesError("404", { kind: "http", status: 404, retryable: false }));
const fine = () => Promise.resolve("ok");

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
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ retryAt: c.now + 30_000, retryAfter: 30 });
  });

  it("does not count 4xx answers: Cloudflare is up", async () => {
    const breaker = breakerAt(clock());
    for (let i = 0; i < 10; i++) await breaker.run(notFound).catch(() => undefined);
    expect((await breaker.state()).status).toBe("closed");
  });

  it("half-opens after 30 s: one trial passes, others fail fast, success closes", async () => {
    const c = clock();
    const breaker = breakerAt(c);
    await failTimes(breaker, 5);
    c.now += 29_999;
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(CircuitOpenError);
    c.now += 1;
    const trial = deferred();
    const first = breaker.run(() => trial.promise);
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(CircuitOpenError);
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
    await expect(breaker.run(fine)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it("lets a new trial through when a half-open trial never reported back", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store }), 5);
    c.now += 30_000;
    const crashed = breakerAt(c, { store });
    void crashed.run(() => new Promise(() => undefined));
    await new Promise((r) => setTimeout(r, 0));
    await expect(breakerAt(c, { store }).run(fine)).rejects.toBeInstanceOf(CircuitOpenError);
    c.now += 30_000;
    await expect(breakerAt(c, { store }).run(fine)).resolves.toBe("ok");
  });

  it("shares its state through the store, like processes sharing Redis", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store }), 5);
    await expect(breakerAt(c, { store }).run(fine)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(breakerAt(c, { store, key: "other-account" }).run(fine)).resolves.toBe("ok");
  });
});

describe("breaker inside the client", () => {
  it("stops calling Cloudflare after 5 failed attempts and stops retrying once open", async () => {
    const c = clock();
    const fetch = fakeFetch(fail(503, 5503, "Server Unavailable"));
    const sleep = async (ms: number) => {
      c.now += ms;
    };
    const client = createImagesClient({
      accountId: "acc",
      apiToken: "t",
      fetch,
      retry: { attempts: 4, sleep, random: () => 0 },
      breaker: { now: c.fn },
    });
    await expect(client.getImage("x")).rejects.toMatchObject({ status: 503 });
    await expect(client.getImage("x")).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fetch.calls).toHaveLength(5);
  });

  it("can be turned off", async () => {
    const fetch = fakeFetch(fail(503, 5503, "x"));
    const client = createImagesClient({
      accountId: "acc",
      apiToken: "t",
      fetch,
      retry: { attempts: 1 },
      breaker: false,
    });
    for (let i = 0; i < 8; i++) await client.getImage("x").catch(() => undefined);
    expect(fetch.calls).toHaveLength(8);
  });
});
