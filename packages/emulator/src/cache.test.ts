import { describe, expect, it } from "vitest";
import { DerivedCache } from "./cache";

const entry = (bytes: number) => ({ body: Buffer.alloc(bytes), contentType: "image/png" });

describe("DerivedCache", () => {
  it("evicts the least recently used entries once over its byte budget", () => {
    const cache = new DerivedCache(100);
    cache.set("a", entry(40));
    cache.set("b", entry(40));
    expect(cache.get("a")).toBeDefined();
    cache.set("c", entry(40));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.size).toBe(80);
  });

  it("skips entries larger than the whole budget and replaces same-key entries", () => {
    const cache = new DerivedCache(100);
    cache.set("big", entry(101));
    expect(cache.count).toBe(0);
    cache.set("a", entry(10));
    cache.set("a", entry(30));
    expect([cache.count, cache.size]).toEqual([1, 30]);
  });
});
