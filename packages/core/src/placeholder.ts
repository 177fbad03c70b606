import { decode, isBlurhashValid } from "blurhash";
import { encodePng, toBase64 } from "./png";
import type { Placeholder } from "./types";
import { warn } from "./warn";

const SIZE = 8;
const MAX_CACHED = 500;
const cache = new Map<string, Placeholder>();

const B83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

/** The average colour of a BlurHash (its DC component) as `#rrggbb`, or `undefined` if the hash is malformed. */
export function blurhashColor(hash: string): string | undefined {
  if (typeof hash !== "string" || hash.length < 6) return undefined;
  let value = 0;
  for (const ch of hash.slice(2, 6)) {
    const digit = B83.indexOf(ch);
    if (digit < 0) return undefined;
    value = value * 83 + digit;
  }
  return `#${value.toString(16).padStart(6, "0").slice(-6)}`;
}

/**
 * Decodes a BlurHash into an 8×8 PNG `data:` URL plus its average colour, in pure JS (no canvas, no DOM).
 * Results are memoised per hash. An invalid hash warns in development and yields an empty placeholder.
 */
export function blurhashToPlaceholder(hash: string): Placeholder {
  const hit = cache.get(hash);
  if (hit) return hit;
  const valid = typeof hash === "string" ? isBlurhashValid(hash) : { result: false, errorReason: "not a string" };
  let result: Placeholder = {};
  if (!valid.result) {
    if (typeof process < "u" && process.env.NODE_ENV !== "production")
      warn(`Invalid BlurHash "${String(hash).slice(0, 40)}": ${valid.errorReason}. Rendering without a placeholder.`);
  } else {
    const png = encodePng(decode(hash, SIZE, SIZE), SIZE, SIZE);
    result = { color: blurhashColor(hash), image: `data:image/png;base64,${toBase64(png)}` };
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(hash, result);
  return result;
}

const COLOR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch|color)\([^;{}]*\)|[a-z]+)$/i;

/**
 * Resolves the `placeholder` / `blurhash` pair of an image into what to paint.
 * `placeholder` wins: `"none"`, a `data:` URL, or a CSS colour.
 */
export function resolvePlaceholder(placeholder?: string, blurhash?: string): Placeholder {
  if (placeholder !== undefined) {
    if (placeholder === "none" || placeholder === "") return {};
    if (placeholder.startsWith("data:image/")) return { image: placeholder };
    if (COLOR.test(placeholder.trim())) return { color: placeholder.trim() };
    if (typeof process < "u" && process.env.NODE_ENV !== "production")
      warn(`placeholder "${placeholder.slice(0, 40)}" is neither "none", a data:image URL nor a CSS colour; ignored.`);
    return {};
  }
  return blurhash ? blurhashToPlaceholder(blurhash) : {};
}
