import { describe, expect, it } from "vitest";
import { ProgressMeter } from "./upload-progress";

describe("ProgressMeter", () => {
  it("knows no speed or ETA before two readings", () => {
    const meter = new ProgressMeter();
    expect(meter.eta(100)).toBeUndefined();
    meter.record(10, 0);
    expect(meter.speed()).toBeUndefined();
  });

  it("averages over the window, so an old burst stops counting", () => {
    const meter = new ProgressMeter(2000);
    meter.record(0, 0);
    meter.record(900, 1000); // a burst: 900 B/s
    meter.record(1000, 2000);
    meter.record(1100, 3000);
    meter.record(1200, 4000); // since then, 100 B/s
    expect(meter.speed()).toBe(100);
    expect(meter.eta(2000)).toBe(8);
  });

  it("starts over when the bytes go back (a restarted upload)", () => {
    const meter = new ProgressMeter();
    meter.record(0, 0);
    meter.record(500, 1000);
    meter.record(0, 2000);
    expect(meter.speed()).toBeUndefined();
    meter.record(250, 3000);
    expect(meter.eta(1000)).toBe(3);
  });
});
