import { describe, expect, it } from "vitest";
import { Subscribable } from "./subscribable";

class Counter extends Subscribable {
  attached = 0;
  value = 0;
  increment() {
    this.value++;
    for (const listener of this.listeners) listener();
  }
  protected override onSubscribe() {
    if (this.listeners.size === 1) this.attached++;
  }
  protected override onUnsubscribe() {
    if (this.listeners.size === 0) this.attached--;
  }
}

describe("Subscribable", () => {
  it("notifies each listener until it unsubscribes", () => {
    const counter = new Counter();
    const seen: number[] = [];
    const unsubscribe = counter.subscribe(() => seen.push(counter.value));
    counter.increment();
    unsubscribe();
    counter.increment();
    expect(seen).toEqual([1]);
  });

  it("attaches on the first listener and detaches after the last, once", () => {
    const counter = new Counter();
    const a = counter.subscribe(() => {});
    const b = counter.subscribe(() => {});
    expect(counter.attached).toBe(1);
    a();
    a();
    expect(counter.hasListeners()).toBe(true);
    b();
    expect(counter.attached).toBe(0);
    expect(counter.hasListeners()).toBe(false);
  });

  it("keeps subscribe bound so it can be passed around", () => {
    const counter = new Counter();
    const { subscribe } = counter;
    let calls = 0;
    subscribe(() => calls++);
    counter.increment();
    expect(calls).toBe(1);
  });
});
