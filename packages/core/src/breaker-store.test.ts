import { afterEach, describe, expect, it, vi } from "vitest";
import { BreakerOpenError, CircuitBreaker } from "./breaker";
import { type BroadcastBreakerStore, broadcastBreakerStore } from "./breaker-store";
import type { BreakerState } from "./resilience-types";

const open: BreakerState = { status: "open", failures: 5, until: 2_000_000 };
const opened: BroadcastBreakerStore[] = [];
let channels = 0;

/** A store on a channel no other test uses, closed after the test. */
function tab(name: string) {
  const store = broadcastBreakerStore(name);
  opened.push(store);
  return store;
}
const fresh = () => `darkroom:test:${++channels}`;

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.unstubAllGlobals();
});

describe("broadcastBreakerStore", () => {
  it("shows one tab's state to another tab on the same channel", async () => {
    const name = fresh();
    const a = tab(name);
    const b = tab(name);
    await a.set("k", open);
    expect(await a.get("k")).toEqual(open);
    await vi.waitFor(async () => expect(await b.get("k")).toEqual(open));
    await b.set("k", { status: "closed", failures: 0, until: 0 });
    await vi.waitFor(async () => expect((await a.get("k"))?.status).toBe("closed"));
  });

  it("keeps channels and keys apart", async () => {
    const name = fresh();
    const a = tab(name);
    const b = tab(name);
    const elsewhere = tab(fresh());
    await a.set("k", open);
    await vi.waitFor(async () => expect(await b.get("k")).toEqual(open));
    expect(await b.get("other")).toBeUndefined();
    expect(await elsewhere.get("k")).toBeUndefined();
  });

  it("tells a tab opened later what the others already know, without overwriting its own writes", async () => {
    const name = fresh();
    const a = tab(name);
    await a.set("k", open);
    await a.set("j", open);
    const late = tab(name);
    await late.set("j", { status: "closed", failures: 1, until: 0 });
    await vi.waitFor(async () => expect(await late.get("k")).toEqual(open));
    expect(await late.get("j")).toEqual({ status: "closed", failures: 1, until: 0 });
  });

  it("ignores messages that are not breaker state", async () => {
    const name = fresh();
    const store = tab(name);
    const other = new BroadcastChannel(name);
    other.postMessage("hello");
    other.postMessage(null);
    other.postMessage({ type: "set", key: "k", state: { status: "broken", failures: 1, until: 0 } });
    other.postMessage({ type: "known", states: [["k", { status: "open" }], "junk"] });
    other.postMessage({ type: "set", key: "ok", state: open });
    await vi.waitFor(async () => expect(await store.get("ok")).toEqual(open));
    expect(await store.get("k")).toBeUndefined();
    other.close();
  });

  it("stops sharing after close but keeps its own state", async () => {
    const name = fresh();
    const a = tab(name);
    const b = tab(name);
    a.close();
    a.close();
    await a.set("k", open);
    expect(await a.get("k")).toEqual(open);
    await b.set("j", open);
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.get("k")).toBeUndefined();
    expect(await a.get("j")).toBeUndefined();
  });

  it("lets a breaker in one tab fail fast when another tab's breaker opened", async () => {
    const name = fresh();
    const now = () => 1_000_000;
    const first = new CircuitBreaker("k", { now, store: tab(name) });
    const second = new CircuitBreaker("k", { now, store: tab(name) });
    for (let i = 0; i < 5; i++)
      await first.run(() => Promise.reject(new Error("down"))).catch(() => undefined);
    await vi.waitFor(async () => expect((await second.state()).status).toBe("open"));
    await expect(second.run(() => Promise.resolve("ok"))).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it("falls back to memory, per store, where BroadcastChannel is missing", async () => {
    vi.stubGlobal("BroadcastChannel", undefined);
    const name = fresh();
    const a = tab(name);
    const b = tab(name);
    await a.set("k", open);
    expect(await a.get("k")).toEqual(open);
    await new Promise((r) => setTimeout(r, 20));
    expect(await b.get("k")).toBeUndefined();
  });
});
