// SSR cost of 1,000 images and the HTML bytes a BlurHash placeholder adds per image.
import { performance } from "node:perf_hooks";
import { encode } from "blurhash";
import { imageId } from "./libs.mjs";

const COUNT = 1000;
const WARMUP = 3;
const RUNS = 15;
const IMAGE = { layout: "constrained", width: 1024, height: 683 };

/** Seeded PRNG (mulberry32), so every run encodes the same hashes. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` distinct valid BlurHashes (4×3 components) of random 8×6 pixel images. */
export function makeHashes(n, seed = 42) {
  const random = prng(seed);
  const hashes = new Set();
  while (hashes.size < n) {
    const pixels = new Uint8ClampedArray(8 * 6 * 4).map((_, i) => (i % 4 === 3 ? 255 : random() * 256));
    hashes.add(encode(pixels, 8, 6, 4, 3));
  }
  return [...hashes];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Variants timed side by side. `hashes(run)` gives the 1,000 hashes a run renders (null: no placeholder).
 * Darkroom memoises decoded placeholders per hash, so "cold" gets hashes never rendered before in the process and
 * "warm" re-renders the hashes of the cold pass just before it.
 */
const VARIANTS = [
  { key: "darkroom", label: "Darkroom + BlurHash (cold: new hashes)", lib: "darkroom", hashes: "fresh" },
  {
    key: "darkroomWarm",
    label: "Darkroom + BlurHash (warm: same hashes again)",
    lib: "darkroom",
    hashes: "fresh",
  },
  { key: "darkroomPlain", label: "Darkroom, no placeholder", lib: "darkroom", hashes: null },
  { key: "next", label: "next/image <Image>, no placeholder", lib: "next", hashes: null },
  { key: "nextProps", label: "next/image getImageProps + <img>", lib: "nextProps", hashes: null },
  { key: "unpic", label: "@unpic/react, no placeholder", lib: "unpic", hashes: null },
  {
    key: "unpicBlurhash",
    label: "@unpic/react + react-blurhash <Blurhash>",
    lib: "unpicBlurhash",
    hashes: "fresh",
  },
];

export function ssrBench(libs) {
  const total = WARMUP + RUNS;
  const all = makeHashes(COUNT * total);
  const set = (k) => all.slice(k * COUNT, (k + 1) * COUNT);
  const times = Object.fromEntries(VARIANTS.map((v) => [v.key, []]));
  const walls = Object.fromEntries(VARIANTS.map((v) => [v.key, []]));
  const page = (lib, hashes) =>
    libs.h(
      "main",
      null,
      Array.from({ length: COUNT }, (_, i) =>
        libs.h(
          "section",
          { key: i },
          libs.elements[lib]({ ...IMAGE, id: imageId(i), blurhash: hashes?.[i] }),
        ),
      ),
    );
  for (let run = 0; run < total; run++) {
    const fresh = set(run);
    // Rotate the order each run so no variant always follows the same one (GC, cache effects).
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = VARIANTS[(k + run) % VARIANTS.length];
      // The warm pass must follow its cold pass: run the pair together, cold first.
      if (v.key === "darkroomWarm") continue;
      const pairs = v.key === "darkroom" ? [v, VARIANTS[1]] : [v];
      for (const p of pairs) {
        const element = page(p.lib, p.hashes && fresh);
        const cpu = process.cpuUsage();
        const start = performance.now();
        const html = libs.renderToString(element);
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpu);
        if (run >= WARMUP) {
          times[p.key].push((used.user + used.system) / 1000);
          walls[p.key].push(wall);
        }
        if (!html.includes("<img")) throw new Error(`${p.key} rendered no <img>`);
      }
    }
  }
  const nextMedian = median(times.next);
  const emptyCanvas = blurhashSsrNote(libs, all[0]) ? " (SSR: empty <canvas>)" : "";
  const rows = VARIANTS.map((v) => {
    const ms = median(times[v.key]);
    const wallMs = median(walls[v.key]);
    return {
      key: v.key,
      label: v.key === "unpicBlurhash" ? v.label + emptyCanvas : v.label,
      medianMs: ms,
      minMs: Math.min(...times[v.key]),
      wallMs,
      cpuRuns: times[v.key],
      wallRuns: walls[v.key],
      vsNext: ms / nextMedian,
    };
  });
  return { images: COUNT, warmup: WARMUP, runs: RUNS, image: IMAGE, rows };
}

/** Whether react-blurhash paints anything on the server, as a note ("" if it does). */
export function blurhashSsrNote(libs, hash) {
  const html = libs.renderToString(libs.elements.unpicBlurhash({ ...IMAGE, id: imageId(0), blurhash: hash }));
  return html.includes("<canvas") && !/<canvas[^>]*>[^<]|data:image/.test(html)
    ? "react-blurhash SSR emits an empty <canvas>: the blur is painted only after hydration (needs a canvas)"
    : "";
}

/** HTML bytes one image's placeholder adds: render with the hash minus render without, per hash. */
export function placeholderBytes(libs, hashes = makeHashes(COUNT, 7)) {
  const measure = (lib) => {
    const deltas = hashes.map((blurhash, i) => {
      const s = { ...IMAGE, id: imageId(i) };
      const length = (props) => Buffer.byteLength(libs.renderToString(libs.elements[lib](props)));
      return length({ ...s, blurhash }) - length(s);
    });
    return {
      mean: deltas.reduce((a, b) => a + b, 0) / deltas.length,
      min: Math.min(...deltas),
      max: Math.max(...deltas),
    };
  };
  return {
    images: hashes.length,
    darkroom: measure("darkroom"),
    unpicBlurhash: measure("unpicBlurhash"),
    blurhashSsrNote: blurhashSsrNote(libs, hashes[0]),
  };
}
