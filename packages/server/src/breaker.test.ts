import { CircuitBreaker as CoreCircuitBreaker } from "@darkroom/core";
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
    await failTimes(breaker, 4);
    for (let i = 0; i < 10; i++) await breaker.run(notFound).catch(() => undefined);
    expect((await breaker.state()).status).toBe("closed");
    expect((await breaker.state()).failures).toBe(0);
  });

  it("is core's breaker, failing fast with CircuitOpenError, also a CloudflareImagesError", async () => {
    const c = clock();
    const store = memoryBreakerStore();
    await failTimes(breakerAt(c, { store, threshold: 2 }), 2);
    const error = await breakerAt(c, { store })
      .run(fine)
      .then(unexpected, (e: unknown) => e);
    expect(error).toBeInstanceOf(CloudflareImagesError);
    expect(error).toMatchObject({ kind: "circuit-open", retryable: false, retryAfter: 30 });
    expect(breakerAt(c)).toBeInstanceOf(CoreCircuitBreaker);
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
