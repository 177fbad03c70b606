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

/** The package's linear → sRGB byte conversion, after clamping to [0, 1]. */
const toSrgb = (linear: number) => {
  const c = linear < 0 ? 0 : linear > 1 ? 1 : linear;
  return Math.trunc(c <= 0.0031308 ? c * 12.92 * 255 + 0.5 : (1.055 * c ** (1 / 2.4) - 0.055) * 255 + 0.5);
};

/** An AC value from its quantised digit (0–18) as the package computes it: `sign(q) · q² · max`, q = (digit − 9) / 9. */
const ac = (quantised: number, max: number) => Math.sign(quantised - 9) * ((quantised - 9) / 9) ** 2 * max;

/**
 * Decodes a BlurHash into 6×6 RGB bytes (row by row, 108 bytes) written to `out`, or `null` if the hash is
 * malformed: wrong length for its size flag, or a character outside base 83 (which the `blurhash` package decodes to
 * garbage colours). Gives exactly the pixels of the package's `decode(hash, 6, 6)`, with the cosines computed once
 * for all hashes. Pass a reused `out` when decoding many: buffers this size live outside the JS heap, and allocating
 * one per hash costs more garbage collection than the decode itself.
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
  for (let k = 0; k < nx * ny * 3; k += 3) {
    const v = base83(4 + (2 * k) / 3, 2);
    // The first component is the average colour in linear light; the others are the cosine terms.
    parts[k] = k ? ac((v / 361) | 0, max) : toLinear(dc >> 16);
    parts[k + 1] = k ? ac(((v / 19) | 0) % 19, max) : toLinear((dc >> 8) & 255);
    parts[k + 2] = k ? ac(v % 19, max) : toLinear(dc & 255);
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
    out[p] = toSrgb(r);
    out[p + 1] = toSrgb(g);
    out[p + 2] = toSrgb(b);
  }
  return out;
}
