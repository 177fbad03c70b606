import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fail, fakeFetch, ok, sampleImage, unexpected } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import type { CloudflareImagesError } from "./errors";
import type { RetryOptions } from "./retry";

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

describe("Retry-After on the error", () => {
  it("reports seconds, from a delay or from an HTTP date", async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    for (const [header, seconds] of [
      ["30", 30],
      [at, 60],
      ["Tue, 24 Nov 2026 05:00:00 GMT", 0],
      ["soon", undefined],
    ] as const) {
      const fetch = fakeFetch(fail(404, 5404, "gone", { "Retry-After": header }));
      const error = await client(fetch)
        .getImage("img")
        .then(unexpected, (e: CloudflareImagesError) => e);
      expect(error.retryAfter).toBe(seconds);
    }
  });
});
