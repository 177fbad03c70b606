// Emulates how a browser picks an <img> srcset candidate, for the over-fetch benchmark.
import assert from "node:assert/strict";

/** Parses a srcset (HTML spec tokenisation: URLs may contain commas) into { url, w } or { url, x } entries. */
export function parseSrcset(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    if (i >= text.length) break;
    let j = i;
    while (j < text.length && !/\s/.test(text[j])) j++;
    let url = text.slice(i, j);
    let descriptor = "";
    if (url.endsWith(",")) {
      url = url.replace(/,+$/, "");
      i = j;
    } else {
      const comma = text.indexOf(",", j);
      const end = comma < 0 ? text.length : comma;
      descriptor = text.slice(j, end).trim();
      i = end + 1;
    }
    const m = (descriptor || "1x").match(/^(\d+(?:\.\d+)?)([wx])$/);
    if (!m) throw new Error(`unsupported srcset descriptor "${descriptor}"`);
    out.push(m[2] === "w" ? { url, w: Number(m[1]) } : { url, x: Number(m[1]) });
  }
  return out;
}

const length = (text, viewport) => {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)(px|vw)$/);
  if (!m) throw new Error(`unsupported sizes length "${text}"`);
  return m[2] === "px" ? Number(m[1]) : (Number(m[1]) * viewport) / 100;
};

const matches = (condition, viewport) =>
  condition.split(/\s+and\s+/).every((part) => {
    const m = part.trim().match(/^\((min|max)-width:\s*(\d+(?:\.\d+)?)px\)$/);
    if (!m) throw new Error(`unsupported media condition "${part}"`);
    return m[1] === "min" ? viewport >= Number(m[2]) : viewport <= Number(m[2]);
  });

/** Evaluates a `sizes` attribute at a viewport width (CSS px): the first entry whose condition matches. */
export function evaluateSizes(sizes, viewport) {
  for (const entry of (sizes || "100vw").split(",")) {
    const m = entry.trim().match(/^(.*?)\s*(\S+)$/);
    if (!m[1] || matches(m[1], viewport)) return length(m[2], viewport);
  }
  return viewport; // no entry matched: the spec's default, 100vw
}

/**
 * Picks the candidate a browser would fetch. Width descriptors: slot width S from `sizes`, needed = S × dpr, the
 * smallest candidate ≥ needed else the largest. Density descriptors: S = the image's CSS `width`, the smallest
 * density ≥ dpr else the largest. Returns the candidate, S and needed (device px).
 */
export function select({ srcset, sizes, width, viewport, dpr }) {
  const list = parseSrcset(srcset);
  const byWidth = list.every((c) => c.w !== undefined);
  if (!byWidth && list.some((c) => c.w !== undefined)) throw new Error("mixed w and x descriptors");
  const slot = byWidth ? evaluateSizes(sizes, viewport) : width;
  const needed = slot * dpr;
  const key = byWidth ? "w" : "x";
  const target = byWidth ? needed : dpr;
  const sorted = [...list].sort((a, b) => a[key] - b[key]);
  const chosen = sorted.find((c) => c[key] >= target) ?? sorted[sorted.length - 1];
  return { chosen, slot, needed, count: list.length };
}

// A few sanity checks, run on import.
assert.deepEqual(parseSrcset("a.jpg?w=1,h=2 100w, b.jpg 200w"), [
  { url: "a.jpg?w=1,h=2", w: 100 },
  { url: "b.jpg", w: 200 },
]);
assert.deepEqual(parseSrcset("a 1x,b 2x"), [
  { url: "a", x: 1 },
  { url: "b", x: 2 },
]);
assert.equal(evaluateSizes("(min-width: 1024px) 1024px, 100vw", 1500), 1024);
assert.equal(evaluateSizes("(min-width: 1024px) 1024px, 100vw", 800), 800);
assert.equal(evaluateSizes("(max-width: 600px) 50vw, 300px", 400), 200);
assert.equal(evaluateSizes(undefined, 700), 700);
assert.equal(select({ srcset: "a 400w, b 800w", sizes: "100vw", viewport: 500, dpr: 1 }).chosen.w, 800);
assert.equal(select({ srcset: "a 400w, b 800w", sizes: "100vw", viewport: 500, dpr: 2 }).chosen.w, 800);
assert.equal(select({ srcset: "a 1x, b 2x", width: 400, viewport: 500, dpr: 3 }).chosen.x, 2);
assert.equal(select({ srcset: "a 1x, b 2x", width: 400, viewport: 500, dpr: 1.5 }).needed, 600);
