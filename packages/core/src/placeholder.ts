import { isBlurhashValid } from "blurhash";
import { decodeBlurhash, SIDE } from "./blurhash-decode";
import type { Placeholder } from "./types";
import { warn } from "./warn";

const MAX_CACHED = 2000;
const cache = new Map<string, Placeholder>();

/**
 * The data URL up to the pixels: the 54-byte header of a 6×6 24-bit top-down BMP as `encodeBmp` writes it, already in
 * base64. 54 bytes are 18 whole base64 groups, so the pixel bytes are encoded on their own and appended.
 */
const HEAD = "data:image/bmp;base64,Qk2uAAAAAAAAADYAAAAoAAAABgAAAPr///8BABgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
/** Reused (one decode runs at a time): the decoded RGB, and the BMP's pixel bytes as char codes for `btoa`. */
const rgb = new Uint8Array(SIDE * SIDE * 3);
const bytes: number[] = [];

/** A channel's mean over the 36 pixels as two hex digits. */
const hex = (sum: number) =>
  Math.round(sum / SIDE / SIDE)
    .toString(16)
    .padStart(2, "0");

/**
 * Decodes a BlurHash into a 6×6 image `data:` URL (a BMP) and its average colour, in pure JS (no canvas, no DOM), so
 * it works during SSR, in React Server Components and in Workers. Memoised per hash. An invalid hash yields an empty
 * placeholder (and a warning in development).
 */
export function blurhashToPlaceholder(hash: string): Placeholder {
  let result = cache.get(hash);
  if (result) return result;
  result = {};
  if (typeof hash === "string" && decodeBlurhash(hash, rgb)) {
    const sum = [0, 0, 0];
    for (let p = 0, o = 0; p < rgb.length; p += 3) {
      for (let c = 0; c < 3; c++) {
        bytes[o++] = rgb[p + 2 - c] as number; // BMP stores blue, green, red
        sum[c] = (sum[c] as number) + (rgb[p + c] as number);
      }
      // A BMP row is 6 pixels of 3 bytes, padded to 20.
      if (p % 18 === 15) {
        bytes[o++] = 0;
        bytes[o++] = 0;
      }
    }
    result = {
      color: `#${sum.map(hex).join("")}`,
      image: HEAD + btoa(String.fromCharCode.apply(null, bytes)),
    };
  } else if (process.env.NODE_ENV !== "production") {
    // The package's own validation explains a bad length; production bundles drop it with this warning.
    const why = isBlurhashValid(String(hash)).errorReason ?? "it contains characters outside base 83";
    warn(`Invalid BlurHash "${String(hash).slice(0, 40)}": ${why}. Rendering without a placeholder.`);
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
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
