import type { Layout } from "./types";

/**
 * The default candidate widths (device pixels) for responsive layouts. Chosen by minimising the mean over-fetch of a
 * `100vw` image over viewports 320–2560 px × DPR 1–3 with at most 12 candidates and no candidate more than 1.3× the
 * pixels needed (see `bench/overfetch.mjs`). 3840 is the ceiling: larger needs get the 3840 candidate.
 */
export const DEFAULT_WIDTHS: readonly number[] = [
  416, 536, 696, 896, 1128, 1368, 1632, 1920, 2232, 2560, 3168, 3840,
];

/**
 * Device pixel ratios a `fixed` image gets candidates for, as width descriptors with `sizes` set to its CSS width,
 * so the browser picks the nearest at fractional ratios too (150 % Windows scaling, 2.625 on many phones): no two
 * neighbours are more than 1.25× apart, so nothing between DPR 1 and 3 fetches more than 1.25× the pixels it needs.
 */
export const DENSITIES: readonly number[] = [1, 1.25, 1.5, 1.75, 2, 2.25, 2.625, 3];

/** One srcset candidate: the device-pixel width to fetch and its descriptor (`640w`). */
export interface Candidate {
  width: number;
  descriptor: string;
}

/** Inputs of {@link getCandidates}. */
export interface CandidateOptions {
  layout: Layout;
  /** CSS width (fixed) or maximum CSS width (constrained). */
  width?: number | undefined;
  /** The original's width: nothing larger is requested. */
  intrinsicWidth?: number | undefined;
  /** Widths to pick from (named variants or user breakpoints). Default {@link DEFAULT_WIDTHS}. */
  widths?: readonly number[] | undefined;
  /** The widths are the only ones the loader can deliver (named variants): never invent others. */
  strict?: boolean | undefined;
}

/** Whole, positive, unique widths, smallest first. */
function sorted(list: readonly number[]): number[] {
  const out: number[] = [];
  for (const w of list) {
    const r = Math.round(w);
    if (r > 0 && !out.includes(r)) out.push(r);
  }
  return out.sort((a, b) => a - b);
}

/** Computes the srcset candidates for a layout: whole device-pixel widths, smallest first, no duplicates. */
export function getCandidates({
  layout,
  width,
  intrinsicWidth,
  widths,
  strict,
}: CandidateOptions): Candidate[] {
  const W = width && Math.round(width);
  const cap = intrinsicWidth || Infinity;
  const ladder = widths ? sorted(widths) : DEFAULT_WIDTHS;
  const snap = (w: number) =>
    strict ? (ladder.find((v) => v >= w) ?? (ladder[ladder.length - 1] as number)) : w;
  const fixed = layout === "fixed" && W;
  const max = snap(2 * (W || 0));
  // constrained: the ladder below 2×W plus W and 2×W themselves, the exact needs at DPR 1 and 2 on wide screens.
  let list = fixed
    ? DENSITIES.map((d) => snap(Math.min(W * d, cap)))
    : layout === "constrained" && W
      ? ladder
          .filter((w) => (strict ? w < max : w < 1.94 * W && Math.abs(w - W) > 0.05 * W))
          .concat(max, strict ? [] : W)
      : ladder;
  if (list.some((w) => w > cap)) list = list.filter((w) => w < cap).concat(snap(cap));
  return sorted(list).map((w) => ({ width: w, descriptor: `${w}w` }));
}

/** The `sizes` attribute for a layout: the CSS width of a `fixed` image, the slot of the others. */
export function getSizes(layout: Layout, width?: number): string | undefined {
  if (layout === "fixed") return width ? `${Math.round(width)}px` : undefined;
  return layout === "constrained" && width ? `(min-width: ${width}px) ${width}px, 100vw` : "100vw";
}
