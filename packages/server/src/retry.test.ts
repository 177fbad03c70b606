import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fail, fakeFetch, ok, sampleImage, unexpected } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import type { CloudflareImagesError } from "./errors";
import { nextDelay, parseRetryAfter, type RetryOptions } from "./retry";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-24T06:00:00Z"));
});
afterEach(() => vi.useRealTimers());

function client(fetch: ReturnType<typeof fakeFetch>, retry: RetryOptions = {}) {
  return createImagesClient({
    accountId: "acc",
    apiToken: "t",
    fetch,
    breaker: false,
    retry: { random: () => 0.5, ...retry },
  });
}

/** Records when (ms since the start) each request was sent. */
function sendTimes(fetch: ReturnType<typeof fakeFetch>, times: number[]) {
  const start = Date.now();
  const timed = (input: string | URL | Request, init?: RequestInit) => {
    times.push(Date.now() - start);
    return fetch(input, init);
  };
  return Object.assign(timed, { calls: fetch.calls });
}

describe("decorrelated jitter", () => {
  it("stays between base and three times the previous delay, capped", () => {
    const policy = { baseMs: 500, capMs: 8000 };
    expect(nextDelay(500, { ...policy, random: () => 0 })).toBe(500);
    expect(nextDelay(500, { ...policy, random: () => 0.5 })).toBe(1000);
    expect(nextDelay(2000, { ...policy, random: () => 0.999 })).toBeCloseTo(5994.5);
    expect(nextDelay(6000, { ...policy, random: () => 0.999 })).toBe(8000);
  });
});

describe("retries", () => {
  it("retries 5xx and network errors on the jittered schedule, then succeeds", async () => {
    const times: number[] = [];
    const fetch = fakeFetch(
      fail(500, 5500, "Internal Server Error"),
      new TypeError("connection reset"),
      fail(503, 5503, "Server Unavailable"),
      ok(sampleImage("img")),
    );
    const pending = client(sendTimes(fetch, times)).getImage("img");
    await vi.runAllTimersAsync();
    await expect(pending).resolves.toMatchObject({ id: "img" });
    // delays with random 0.5: 1000, then 500 + 0.5 * (3000 - 500) = 1750, then 500 + 0.5 * (5250 - 500) = 2875
    expect(times).toEqual([0, 1000, 2750, 5625]);
  });

  it("throws the last error when the attempts run out", async () => {
    const fetch = fakeFetch(fail(502, 5500, "upstream down"));
    const pending = client(fetch, { attempts: 3 })
      .getImage("img")
      .then(unexpected, (e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await pending).toMatchObject({ status: 502, retryable: true });
    expect(fetch.calls).toHaveLength(3);
  });

  it("never retries other 4xx answers", async () => {
    for (const status of [400, 401, 403, 404, 413]) {
      const fetch = fakeFetch(fail(status, 5000 + status, "no"));
      await expect(client(fetch).getImage("img")).rejects.toMatchObject({ status, retryable: false });
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it("waits Retry-After seconds on 429 when it is longer than the jitter", async () => {
    const times: number[] = [];
    const fetch = fakeFetch(fail(429, 971, "Please wait", { "Retry-After": "4" }), ok(sampleImage("img")));
    const pending = client(sendTimes(fetch, times)).getImage("img");
    await vi.runAllTimersAsync();
    await pending;
    expect(times).toEqual([0, 4000]);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const times: number[] = [];
    const at = new Date(Date.now() + 6000).toUTCString();
    const fetch = fakeFetch(fail(503, 5503, "busy", { "Retry-After": at }), ok(sampleImage("img")));
    const pending = client(sendTimes(fetch, times)).getImage("img");
    await vi.runAllTimersAsync();
    await pending;
    expect(times).toEqual([0, 6000]);
  });

  it("throws at once when Retry-After is longer than maxRetryAfterMs", async () => {
    const fetch = fakeFetch(fail(429, 971, "Please wait", { "Retry-After": "120" }));
    const error = await client(fetch, { maxRetryAfterMs: 10_000 })
      .getImage("img")
      .then(unexpected, (e: CloudflareImagesError) => e);
    expect(error).toMatchObject({ status: 429, retryAfter: 120 });
    expect(fetch.calls).toHaveLength(1);
  });

  it("uses an injected sleep with configurable base and cap", async () => {
    const slept: number[] = [];
    const fetch = fakeFetch(fail(500, 5500, "x"));
    const sleep = async (ms: number) => void slept.push(ms);
    const pending = client(fetch, { attempts: 5, baseMs: 100, capMs: 400, random: () => 1, sleep }).getImage(
      "i",
    );
    await expect(pending).rejects.toMatchObject({ status: 500 });
    expect(slept).toEqual([300, 400, 400, 400]);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and dates, and ignores garbage", () => {
    const now = Date.parse("2026-11-24T06:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter("Tue, 24 Nov 2026 06:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("Tue, 24 Nov 2026 05:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
