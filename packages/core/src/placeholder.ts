import { isBlurhashValid } from "blurhash";
import type { Placeholder } from "./types";
import { warn } from "./warn";

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

/**
 * `cos(π·x·i / 6)` at `x * 9 + i`, for each of the 6 pixel columns (or rows) `x` and each component `i` a hash can
 * have (≤ 9). The `blurhash` package's own expression, so the sums below are bit for bit the package's.
 */
const COS = Array.from({ length: 54 }, (_, k) => Math.cos((Math.PI * ((k / 9) | 0) * (k % 9)) / 6));

/**
 * The data URL up to the pixels: the 54-byte header of a 6×6 24-bit top-down BMP (as `encodeBmp` writes it), in
 * base64. 54 bytes are 18 whole base64 groups, so the pixel bytes are encoded on their own and appended.
 */
const HEAD = "data:image/bmp;base64,Qk2uAAAAAAAAADYAAAAoAAAABgAAAPr///8BABgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * Reused, as decoding is synchronous: the hash's digits, its components as r, g, b triples in linear light (≤ 9×9),
 * and the BMP's pixel bytes (6 rows of 6 blue-green-red pixels, each row padded with 2 zero bytes never written).
 */
const digits: number[] = [];
const parts: number[] = [];
const bytes: number[] = Array(120).fill(0);

/** The base 83 number in `digits` from `at` up to `end`. */
const read = (at: number, end: number) => {
  let value = 0;
  for (; at < end; at++) value = value * 83 + (digits[at] as number);
  return value;
};

/** Hashes decoded so far; emptied when it reaches `MAX_CACHED` (a page rarely shows that many). */
const MAX_CACHED = 2000;
const cache = new Map<string, Placeholder>();

const toLinear = (byte: number) => {
  const v = byte / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** An AC value from its quantised digit (0–18) as the package computes it: `sign(q) · q² · max`, q = (digit − 9) / 9. */
const ac = (quantised: number, max: number) => Math.sign(quantised - 9) * ((quantised - 9) / 9) ** 2 * max;

/** The package's linear → sRGB byte conversion, after clamping to [0, 1]. */
const toSrgb = (linear: number) => {
  const c = Math.min(Math.max(linear, 0), 1);
  return Math.trunc(c <= 0.0031308 ? c * 12.92 * 255 + 0.5 : (1.055 * c ** (1 / 2.4) - 0.055) * 255 + 0.5);
};

/**
 * Decodes a BlurHash into a 6×6 image `data:` URL (a BMP) and its average colour, in pure JS (no canvas, no DOM), so
 * it works during SSR, in React Server Components and in Workers. The pixels are exactly those of the `blurhash`
 * package's `decode(hash, 6, 6)`; the colour is the hash's own average (its DC component). Memoised per hash. An
 * invalid hash (wrong length for its size flag, or a character outside base 83) yields an empty placeholder and a
 * warning in development.
 */
export function blurhashToPlaceholder(hash: string): Placeholder {
  let result = cache.get(hash);
  if (result) return result;
  result = {};
  let valid = typeof hash === "string";
  for (let i = 0; valid && i < hash.length; i++) {
    digits[i] = DIGITS.indexOf(hash[i] as string);
    valid = (digits[i] as number) >= 0;
  }
  const size = read(0, 1);
  const nx = (size % 9) + 1;
  const ny = ((size / 9) | 0) + 1;
  const max = (read(1, 2) + 1) / 166;
  const dc = read(2, 6);
  if (valid && hash.length === 4 + 2 * nx * ny) {
    // The first component is the average colour in linear light; the others are the cosine terms, two digits each.
    parts[0] = toLinear(dc >> 16);
    parts[1] = toLinear((dc >> 8) & 255);
    parts[2] = toLinear(dc & 255);
    for (let c = 1, k = 3; c < nx * ny; c++, k += 3) {
      const v = read(4 + 2 * c, 6 + 2 * c);
      parts[k] = ac((v / 361) | 0, max);
      parts[k + 1] = ac(((v / 19) | 0) % 19, max);
      parts[k + 2] = ac(v % 19, max);
    }
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 6; x++) {
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
        const o = y * 20 + x * 3;
        bytes[o] = toSrgb(b);
        bytes[o + 1] = toSrgb(g);
        bytes[o + 2] = toSrgb(r);
      }
    result = {
      color: `#${(dc | 16777216).toString(16).slice(-6)}`,
      image: HEAD + btoa(String.fromCharCode.apply(null, bytes)),
    };
  } else if (process.env.NODE_ENV !== "production") {
    // The package's own validation explains a bad length; production bundles drop it with this warning.
    const why = isBlurhashValid(String(hash)).errorReason ?? "it contains characters outside base 83";
    warn(`Invalid BlurHash "${String(hash).slice(0, 40)}": ${why}. Rendering without a placeholder.`);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(hash, result);
  return result;
}

/**
 * Resolves an image's `placeholder` / `blurhash` pair into what to paint. `placeholder` wins: `"none"`, a
 * `data:image/…` URL, or a CSS colour.
 */
export function resolvePlaceholder(placeholder?: string, blurhash?: string): Placeholder {
  if (placeholder === undefined) return blurhash ? blurhashToPlaceholder(blurhash) : {};
  const value = placeholder.trim();
  if (value.startsWith("data:image/")) return { image: value };
  // A colour is a name, a hex value or a colour function; nothing that could end the CSS declaration.
  if (value !== "none" && /^[\w#(),.%/ -]+$/.test(value)) return { color: value };
  if (value !== "none" && process.env.NODE_ENV !== "production")
    warn(
      `placeholder "${value.slice(0, 40)}" is neither "none", a data:image URL nor a CSS colour; ignored.`,
    );
  return {};
}
