import { describe, expect, it } from "vitest";
import { DEFAULT_WIDTHS, getCandidates, getSizes } from "./widths";

const widths = (o: Parameters<typeof getCandidates>[0]) => getCandidates(o).map((c) => c.width);

/** The browser's rule for width descriptors: the smallest candidate covering the need, else the largest. */
const pick = (list: number[], need: number) =>
  list.find((w) => w >= need) ?? (list[list.length - 1] as number);

describe("getCandidates", () => {
  it("gives fixed images width candidates from DPR 1 to 3, neighbours at most 1.25× apart", () => {
    expect(widths({ layout: "fixed", width: 400 })).toEqual([400, 500, 600, 700, 800, 900, 1050, 1200]);
    expect(getCandidates({ layout: "fixed", width: 400 })[0]).toEqual({ width: 400, descriptor: "400w" });
    const list = widths({ layout: "fixed", width: 333 });
    for (let i = 1; i < list.length; i++)
      expect((list[i] ?? 0) / (list[i - 1] ?? 1)).toBeLessThanOrEqual(1.25);
  });

  it("never asks a fixed image for more pixels than the original has", () => {
    expect(widths({ layout: "fixed", width: 400, intrinsicWidth: 720 })).toEqual([400, 500, 600, 700, 720]);
  });

  it("gives constrained images the exact 1x and 2x widths and nothing above 2x", () => {
    const list = widths({ layout: "constrained", width: 1024 });
    expect(list).toContain(1024);
    expect(list).toContain(2048);
    expect(Math.max(...list)).toBe(2048);
    expect(list.length).toBeLessThanOrEqual(12);
  });

  it("caps constrained candidates at the intrinsic width", () => {
    expect(widths({ layout: "constrained", width: 1024, intrinsicWidth: 1500 })).toEqual([
      416, 536, 696, 896, 1024, 1128, 1368, 1500,
    ]);
  });

  it("uses the whole ladder for full-width images, with at most 12 candidates", () => {
    expect(widths({ layout: "fullWidth" })).toEqual([...DEFAULT_WIDTHS]);
    expect(DEFAULT_WIDTHS.length).toBeLessThanOrEqual(12);
  });

  it("keeps over-fetch under 1.3x for every viewport 320–2560 px at DPR 1–3", () => {
    const layouts = [widths({ layout: "fullWidth" }), widths({ layout: "constrained", width: 800 })];
    for (const [i, list] of layouts.entries()) {
      for (let viewport = 320; viewport <= 2560; viewport += 1) {
        for (const dpr of [1, 2, 3]) {
          const slot = i === 0 ? viewport : Math.min(viewport, 800);
          const need = Math.min(slot * dpr, list[list.length - 1] as number);
          expect(pick(list, need) / need).toBeLessThanOrEqual(1.3);
        }
      }
    }
  });

  it("snaps to the only widths a loader has (named variants) and never invents others", () => {
    const variants = [320, 640, 1280, 2560];
    expect(widths({ layout: "fullWidth", widths: variants, strict: true })).toEqual(variants);
    expect(widths({ layout: "constrained", width: 500, widths: variants, strict: true })).toEqual([
      320, 640, 1280,
    ]);
    expect(widths({ layout: "fixed", width: 300, widths: variants, strict: true })).toEqual([320, 640, 1280]);
  });

  it("accepts unsorted, duplicated and fractional breakpoints", () => {
    expect(widths({ layout: "fullWidth", widths: [800, 400.4, 800, -5, 1600] })).toEqual([400, 800, 1600]);
  });
});

describe("getSizes", () => {
  it("derives sizes from the layout", () => {
    expect(getSizes("fullWidth")).toBe("100vw");
    expect(getSizes("constrained", 640)).toBe("(min-width: 640px) 640px, 100vw");
    expect(getSizes("fixed", 640)).toBe("640px");
  });
});
