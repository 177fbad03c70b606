import type { LoaderParams } from "./types";

/** Cloudflare's one-letter names of the long option names. */
const SHORT: Record<string, string> = { width: "w", height: "h", quality: "q", format: "f" };
const LONG: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format" };

/** Cloudflare options by their long names, in the order they came. */
export type Options = Map<string, string | number>;

/** Parses Cloudflare's `key=value,key=value` option strings into long option names; `null` if malformed. */
export function parseOptions(text: string): Options | null {
  const map: Options = new Map();
  for (const part of text.split(",")) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) return null;
    map.set(LONG[key] ?? key, value);
  }
  return map;
}

/**
 * Serialises `options` with width, height, quality and fit taken from `p` first, in that order (stable cache keys),
 * then the other options. A height that came with the URL is scaled with the width so a crop keeps its shape.
 * `short` writes `w=` rather than `width=`.
 */
export function withSize(options: Options, p: LoaderParams, short: boolean): string {
  const was = options.get("width");
  const old = options.get("height");
  const height = p.height ?? (old && was ? Math.round((+old * p.width) / +was) : old);
  // The first of each name wins: the asked size, then the URL's own values (a height came from the URL if at all).
  const seen: unknown[] = [];
  let out = "";
  for (const [key, value] of [
    ["width", p.width],
    ["height", height],
    ["quality", p.quality || undefined],
    ["fit", p.fit || undefined],
    ...options,
  ])
    if (value !== undefined && !seen.includes(key)) {
      seen.push(key);
      out += `,${(short && SHORT[key as string]) || key}=${value}`;
    }
  return out.slice(1);
}
