import { afterEach, describe, expect, it, vi } from "vitest";
import { browserOnlineSignal, manualOnlineSignal } from "./upload-online";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("browserOnlineSignal", () => {
  it("is online outside a browser", () => {
    const signal = browserOnlineSignal();
    expect(signal.isOnline()).toBe(true);
    expect(() => signal.subscribe(() => {})()).not.toThrow();
  });

  it("follows navigator.onLine and the window's online and offline events", () => {
    const target = new EventTarget();
    const navigator = { onLine: false };
    vi.stubGlobal("navigator", navigator);
    vi.stubGlobal("window", target);
    const signal = browserOnlineSignal();
    const seen: boolean[] = [];
    const unsubscribe = signal.subscribe((online) => seen.push(online));
    expect(signal.isOnline()).toBe(false);
    target.dispatchEvent(new Event("online"));
    target.dispatchEvent(new Event("offline"));
    unsubscribe();
    target.dispatchEvent(new Event("online"));
    expect(seen).toEqual([true, false]);
  });
});

describe("manualOnlineSignal", () => {
  it("tells listeners about real changes only", () => {
    const signal = manualOnlineSignal();
    const seen: boolean[] = [];
    signal.subscribe((online) => seen.push(online));
    signal.set(true);
    signal.set(false);
    signal.set(false);
    signal.set(true);
    expect(seen).toEqual([false, true]);
    expect(signal.isOnline()).toBe(true);
  });
});
