import type { Layout } from "./types";

/**
 * The default candidate widths (device pixels) for responsive layouts. Chosen by minimising the mean over-fetch of a
 * `100vw` image over viewports 320–2560 px × DPR 1–3 with at most 12 candidates and no candidate more than 1.3× the
 * pixels needed (see `bench/overfetch`). 3840 is the ceiling: larger needs get the 3840 candidate.
 */
export const DEFAULT_WIDTHS: readonly number[] = [416, 536, 696, 896, 1128, 1368, 1632, 1920, 2232, 2560, 3168, 3840];

/** Device pixel ratios offered for `fixed` images. */
export const DENSITIES: readonly number[] = [1, 2, 3];

/** One srcset candidate: the device-pixel width to fetch and its descriptor (`640w` or `2x`). */
export interface Candidate {
  width: number;
  descriptor: string;
}

export interface CandidateOptions {
  layout: Layout;
  /** CSS width (fixed) or maximum CSS width (constrained). */
  width?: number;
  /** The original's width: nothing larger is requested. */
  intrinsicWidth?: number;
  /** Widths to pick from (named variants or user breakpoints). Default {@link DEFAULT_WIDTHS}. */
  widths?: readonly number[];
  /** The widths are the only ones the loader can deliver (named variants): never invent others. */
  strict?: boolean;
}

const unique = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);

/** Computes the srcset candidates for a layout. Widths are whole device pixels, smallest first. */
export function getCandidates(o: CandidateOptions): Candidate[] {
  const ladder = unique([...(o.widths ?? DEFAULT_WIDTHS)].filter((w) => w > 0).map(Math.round));
  const cap = o.intrinsicWidth && o.intrinsicWidth > 0 ? Math.round(o.intrinsicWidth) : Number.POSITIVE_INFINITY;
  const snap = (w: number) => (o.strict ? (ladder.find((v) => v >= w) ?? ladder[ladder.length - 1]) : w) as number;
  const W = o.width;
  if (o.layout === "fixed" && W) {
    const out: Candidate[] = [];
    for (const d of DENSITIES) {
      const width = snap(Math.min(Math.round(W * d), cap));
      if (out.some((c) => c.width >= width)) break;
      const density = Math.round((Math.min(width, W * d) / W) * 100) / 100;
      out.push({ width, descriptor: `${density}x` });
    }
    return out;
  }
  // constrained: the ladder below 2×W, plus W and 2×W themselves (the exact needs at DPR 1 and 2 on wide screens).
  let widths = ladder;
  if (o.layout === "constrained" && W) {
    const max = 2 * W;
    const near = (a: number, b: number) => Math.abs(a - b) / b < 0.05;
    widths = o.strict
      ? ladder.filter((w) => w < snap(max)).concat(snap(max))
      : ladder.filter((w) => w < max * 0.97 && !near(w, W)).concat(Math.round(W), Math.round(max));
  }
  if (cap < Number.POSITIVE_INFINITY) {
    const kept = widths.filter((w) => w < cap);
    widths = kept.length < widths.length ? kept.concat(o.strict ? snap(cap) : cap) : widths;
  }
  return unique(widths).map((width) => ({ width, descriptor: `${width}w` }));
}

/** The `sizes` attribute for a layout; `undefined` for `fixed`, whose srcset uses density descriptors. */
export function getSizes(layout: Layout, width?: number): string | undefined {
  if (layout === "fullWidth" || !width) return "100vw";
  if (layout === "constrained") return `(min-width: ${width}px) ${width}px, 100vw`;
  return undefined;
}
