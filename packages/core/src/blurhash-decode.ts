/** Side of the decoded square, in pixels. */
export const SIDE = 6;

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

/**
 * `cos(π·x·i / 6)` at `x * 9 + i`, for every pixel column (or row) `x` and component `i` a hash can have (≤ 9). The
 * same expression as the `blurhash` package's, so the sums below are bit for bit the package's.
 */
const COS = Array.from({ length: SIDE * 9 }, (_, k) => Math.cos((Math.PI * ((k / 9) | 0) * (k % 9)) / SIDE));

/** Reused buffers (decoding is synchronous): the hash's digits, and its components as r, g, b triples (≤ 9×9). */
const digits: number[] = [];
const parts = new Float64Array(81 * 3);

/** `n` base 83 digits from `at`. */
const base83 = (at: number, n: number) => {
  let value = 0;
  for (let i = at; i < at + n; i++) value = value * 83 + (digits[i] as number);
  return value;
};

const toLinear = (byte: number) => {
  const v = byte / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** The package's linear → sRGB byte conversion: exact, but a `**` per channel was most of a decode's time. */
const toSrgb = (c: number) =>
  c <= 0.0031308
    ? Math.trunc(c * 12.92 * 255 + 0.5)
    : Math.trunc((1.055 * c ** (1 / 2.4) - 0.055) * 255 + 0.5);

/** `sign(q) · q²` of a quantised AC value, as the package computes it. */
const signSquare = (q: number) => (q < 9 ? -1 : 1) * Math.abs((q - 9) / 9) ** 2;

/** Buckets of the linear range [0, 1] for the lookup below: finer than the sRGB steps, so about one comparison. */
const BUCKETS = 4096;
/** `steps[v]`: the smallest linear value `toSrgb` turns into `v` or more. `first[b]`: `toSrgb(b / BUCKETS)`. */
let steps: Float64Array | undefined;
let first: Uint8Array | undefined;

/**
 * Builds the tables on the first decode (a fraction of a millisecond). Each step is bisected between the doubles
 * next to the inverted formula (the formula alone is a double off for about half of the steps), so the lookup gives
 * exactly `toSrgb`'s answers; the test compares every pixel with the package's.
 */
function buildTables(): void {
  steps = new Float64Array(257).fill(2);
  first = new Uint8Array(BUCKETS + 1);
  for (let v = 1; v < 256; v++) {
    const guess = v < 11 ? (v - 0.5) / 12.92 / 255 : (((v - 0.5) / 255 + 0.055) / 1.055) ** 2.4;
    let lo = guess * (1 - 1e-12);
    let hi = guess * (1 + 1e-12);
    if (toSrgb(lo) >= v || toSrgb(hi) < v) [lo, hi] = [0, 1];
    for (let mid = (lo + hi) / 2; mid !== lo && mid !== hi; mid = (lo + hi) / 2)
      if (toSrgb(mid) < v) lo = mid;
      else hi = mid;
    steps[v] = hi;
  }
  for (let b = 0, v = 0; b <= BUCKETS; b++) {
    while (b / BUCKETS >= (steps[v + 1] as number)) v++;
    first[b] = v;
  }
}

/** `toSrgb` from the tables: the value at the bucket's start, then any steps inside the bucket. */
const srgb = (linear: number) => {
  const c = Math.max(0, Math.min(1, linear));
  let v = (first as Uint8Array)[(c * BUCKETS) | 0] as number;
  while (c >= ((steps as Float64Array)[v + 1] as number)) v++;
  return v;
};

/**
 * Decodes a BlurHash into 6×6 RGB bytes (row by row, 108 bytes) written to `out`, or `null` if the hash is
 * malformed: wrong length for its size flag, or a character outside base 83 (which the `blurhash` package decodes to
 * garbage colours). Gives exactly the pixels of the package's `decode(hash, 6, 6)` in a fraction of its time. Pass a
 * reused `out` when decoding many: buffers this size live outside the JS heap, and allocating one per hash costs
 * more garbage collection than the decode itself.
 */
export function decodeBlurhash(hash: string, out = new Uint8Array(SIDE * SIDE * 3)): Uint8Array | null {
  for (let i = 0; i < hash.length; i++) {
    digits[i] = DIGITS.indexOf(hash[i] as string);
    if (digits[i] === -1) return null;
  }
  const nx = (base83(0, 1) % 9) + 1;
  const ny = ((base83(0, 1) / 9) | 0) + 1;
  const max = (base83(1, 1) + 1) / 166;
  const dc = base83(2, 4);
  if (hash.length !== 4 + 2 * nx * ny) return null;
  if (!first) buildTables();
  for (let k = 0; k < nx * ny * 3; k += 3) {
    const v = base83(4 + (2 * k) / 3, 2);
    // The first component is the average colour in linear light; the others are the cosine terms.
    parts[k] = k ? signSquare(Math.floor(v / 361)) * max : toLinear(dc >> 16);
    parts[k + 1] = k ? signSquare(Math.floor(v / 19) % 19) * max : toLinear((dc >> 8) & 255);
    parts[k + 2] = k ? signSquare(v % 19) * max : toLinear(dc & 255);
  }
  for (let p = 0; p < SIDE * SIDE * 3; p += 3) {
    const x = (p / 3) % SIDE;
    const y = (p / 3 / SIDE) | 0;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let j = 0, k = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, k += 3) {
        const basis = (COS[x * 9 + i] as number) * (COS[y * 9 + j] as number);
        r += (parts[k] as number) * basis;
        g += (parts[k + 1] as number) * basis;
        b += (parts[k + 2] as number) * basis;
      }
    out[p] = srgb(r);
    out[p + 1] = srgb(g);
    out[p + 2] = srgb(b);
  }
  return out;
}
