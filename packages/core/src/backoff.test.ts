import { describe, expect, it } from "vitest";
import { nextDelay, retryAfterMs } from "./backoff";

describe("decorrelated jitter", () => {
  it("stays between base and three times the previous delay, capped", () => {
    const policy = { baseMs: 500, capMs: 8000 };
    expect(nextDelay(500, { ...policy, random: () => 0 })).toBe(500);
    expect(nextDelay(500, { ...policy, random: () => 0.5 })).toBe(1000);
    expect(nextDelay(2000, { ...policy, random: () => 0.999 })).toBeCloseTo(5994.5);
    expect(nextDelay(6000, { ...policy, random: () => 0.999 })).toBe(8000);
  });

  it("grows from the base when each delay is fed back in, and never leaves [base, cap]", () => {
    const options = { baseMs: 100, capMs: 400, random: () => 1 };
    const delays: number[] = [];
    let previous = options.baseMs;
    for (let i = 0; i < 4; i++) {
      previous = nextDelay(previous, options);
      delays.push(previous);
    }
    expect(delays).toEqual([300, 400, 400, 400]);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    previous = 500;
    for (let i = 0; i < 200; i++) {
      previous = nextDelay(previous, { baseMs: 500, capMs: 8000, random });
      expect(previous).toBeGreaterThanOrEqual(500);
      expect(previous).toBeLessThanOrEqual(8000);
    }
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and dates, and ignores garbage", () => {
    const now = Date.parse("2026-11-24T06:00:00Z");
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs("Tue, 24 Nov 2026 06:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("Tue, 24 Nov 2026 05:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it("trims, accepts fractions, treats empty as absent and rounds dates up to whole seconds", () => {
    const now = Date.parse("2026-11-24T06:00:00.250Z");
    expect(retryAfterMs(" 4 ", now)).toBe(4000);
    expect(retryAfterMs("1.5", now)).toBe(1500);
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("   ", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("in a minute", now)).toBeUndefined();
    expect(retryAfterMs("Tue, 24 Nov 2026 06:00:06 GMT", now)).toBe(6000);
  });
});
