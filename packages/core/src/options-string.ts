/** Cloudflare's one-letter names of the long option names. */
const SHORT: Record<string, string> = { width: "w", height: "h", quality: "q", format: "f" };

/** Parses Cloudflare's `key=value,key=value` option strings into long option names; `null` if malformed. */
export function parseOptions(text: string): Map<string, string> | null {
  const map = new Map<string, string>();
  for (const part of text.split(",")) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) return null;
    map.set(Object.keys(SHORT).find((long) => SHORT[long] === key) ?? key, value);
  }
  return map;
}

/**
 * Serialises `options` with width, height, quality and fit taken from `size`, in that order (stable cache keys),
 * then the user's other options. A height that came with the URL is scaled with the width so a crop keeps its
 * shape. `short` writes `w=` rather than `width=`.
 */
export function withSize(
  options: Map<string, string>,
  size: {
    width: number;
    height?: number | undefined;
    quality?: number | undefined;
    fit?: string | undefined;
  },
  short: boolean,
): string {
  const was = options.get("width");
  const old = options.get("height");
  const height = size.height ?? (old && was ? Math.round((+old * size.width) / +was) : old);
  // The first of each name wins: the size's values, then the URL's own (a height came from the URL if at all).
  const seen: unknown[] = [];
  let out = "";
  for (const [key, value] of [
    ["width", size.width],
    ["height", height],
    ["quality", size.quality || undefined],
    ["fit", size.fit || undefined],
    ...options,
  ])
    if (value !== undefined && !seen.includes(key)) {
      seen.push(key);
      out += `,${(short && SHORT[key as string]) || key}=${value}`;
    }
  return out.slice(1);
}
