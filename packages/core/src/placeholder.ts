import { decode } from "blurhash";
import { encodeBmp } from "./bmp";
import type { Placeholder } from "./types";
import { warn } from "./warn";

/** 6×6: as smooth as 8×8 once the browser scales it up, in 56% of the decode time and 174 bytes. */
const SIZE = 6;
const MAX_CACHED = 2000;
const cache = new Map<string, Placeholder>();

const hex = (n: number) =>
  Math.round(n / SIZE / SIZE)
    .toString(16)
    .padStart(2, "0");

/**
 * Decodes a BlurHash into a 6×6 image `data:` URL and its average colour, in pure JS (no canvas, no DOM), so it
 * works during SSR, in React Server Components and in Workers. Memoised per hash. An invalid hash yields an empty
 * placeholder (and a warning in development).
 */
export function blurhashToPlaceholder(hash: string): Placeholder {
  let result = cache.get(hash);
  if (result) return result;
  result = {};
  try {
    // blurhash checks the length only; a character outside base83 would decode to garbage colours.
    if (!/^[\w#$%*+,.:;=?@[\]^{|}~-]+$/.test(hash)) throw new Error("it contains characters outside base 83");
    const pixels = decode(hash, SIZE, SIZE);
    const sum = [0, 0, 0];
    for (let i = 0; i < pixels.length; i++)
      if (i % 4 < 3) sum[i % 4] = (sum[i % 4] as number) + (pixels[i] as number);
    let bytes = "";
    for (const b of encodeBmp(pixels, SIZE, SIZE)) bytes += String.fromCharCode(b);
    result = { color: `#${sum.map(hex).join("")}`, image: `data:image/bmp;base64,${btoa(bytes)}` };
  } catch (error) {
    if (process.env.NODE_ENV !== "production")
      warn(
        `Invalid BlurHash "${String(hash).slice(0, 40)}": ${(error as Error).message}. Rendering without a placeholder.`,
      );
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
