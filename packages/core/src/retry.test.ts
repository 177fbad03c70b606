import { describe, expect, it } from "vitest";
import { type RetryDecision, retryPolicy, withRetry } from "./retry";

class Transient extends Error {
  constructor(readonly retryAfterMs?: number) {
    super("transient");
  }
}
const decide = (error: unknown): RetryDecision =>
  error instanceof Transient ? { retryable: true, retryAfterMs: error.retryAfterMs } : { retryable: false };

/** A policy whose sleeps are recorded instead of waited, with a fixed "random" value. */
function recorded(options: Parameters<typeof retryPolicy>[0] = {}) {
  const sleeps: number[] = [];
  const policy = retryPolicy({ random: () => 0.5, ...options, sleep: async (ms) => void sleeps.push(ms) });
  return { policy, sleeps };
}

describe("withRetry", () => {
  it("retries transient failures with decorrelated jitter and returns the first success", async () => {
    const { policy, sleeps } = recorded({ baseMs: 100, capMs: 1000 });
    let calls = 0;
    const result = await withRetry(policy, decide, async (tried) => {
      calls = tried;
      if (tried < 4) throw new Transient();
      return "stored";
    });
    expect(result).toBe("stored");
    expect(calls).toBe(4);
    // min(cap, base + 0.5 × (max(base, prev × 3) − base)): 200, 350, 575
    expect(sleeps).toEqual([200, 350, 575]);
  });

  it("never retries an error the caller calls permanent", async () => {
    const { policy, sleeps } = recorded();
    let calls = 0;
    const rejected = new Error("Cloudflare refused the file");
    await expect(
      withRetry(policy, decide, async () => {
        calls++;
        throw rejected;
      }),
    ).rejects.toBe(rejected);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("gives up after the configured attempts with the last error", async () => {
    const { policy, sleeps } = recorded({ attempts: 3 });
    let last: Transient | undefined;
    const outcome = withRetry(policy, decide, async () => {
      last = new Transient();
      throw last;
    });
    await expect(outcome).rejects.toBeInstanceOf(Transient);
    await outcome.catch((e) => expect(e).toBe(last));
    expect(sleeps).toHaveLength(2);
  });

  it("waits at least the server's Retry-After, and not at all when it is too long", async () => {
    const { policy, sleeps } = recorded({ baseMs: 100, maxRetryAfterMs: 5000 });
    let tries = 0;
    await withRetry(policy, decide, async () => {
      if (++tries === 1) throw new Transient(2000);
      return "ok";
    });
    expect(sleeps).toEqual([2000]);
    await expect(
      withRetry(policy, decide, async () => {
        throw new Transient(60_000);
      }),
    ).rejects.toBeInstanceOf(Transient);
    expect(sleeps).toEqual([2000]);
  });

  it("fills in defaults and never allows fewer than one attempt", () => {
    expect(retryPolicy({ attempts: 0 })).toMatchObject({
      attempts: 1,
      baseMs: 500,
      capMs: 8000,
      maxRetryAfterMs: 30_000,
    });
  });
});
