import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("TokenBucketLimiter", () => {
  it("allows a burst of `capacity`, then refuses with the seconds until the next token", () => {
    const clock = { now: 0 };
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5, now: () => clock.now });
    expect([1, 2, 3].map(() => limiter.take("u").allowed)).toEqual([true, true, true]);
    expect(limiter.take("u")).toEqual({ allowed: false, retryAfter: 2 });
    clock.now += 1000;
    expect(limiter.take("u")).toEqual({ allowed: false, retryAfter: 1 });
    clock.now += 1000;
    expect(limiter.take("u").allowed).toBe(true);
    expect(limiter.take("u").allowed).toBe(false);
  });

  it("keeps one bucket per key", () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.01, now: () => 0 });
    expect(limiter.take("alice").allowed).toBe(true);
    expect(limiter.take("alice").allowed).toBe(false);
    expect(limiter.take("bob").allowed).toBe(true);
  });

  it("never holds more than capacity after a long idle time", () => {
    const clock = { now: 0 };
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1, now: () => clock.now });
    limiter.take("u");
    clock.now += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take("u").allowed)).toEqual([true, true, false]);
  });
});
