const LONG: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format" };

/** Parses Cloudflare's `key=value,key=value` option strings into long option names; `null` if malformed. */
export function parseOptions(text: string): Map<string, string> | null {
  const map = new Map<string, string>();
  for (const part of text.split(",")) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) return null;
    map.set(LONG[key] ?? key, value);
  }
  return map;
}

/**
 * Serialises `options` with width (first, for stable cache keys), height, quality and fit taken from `size`.
 * A height that came with the URL is scaled with the width so a crop keeps its shape. `short` writes `w=` not `width=`.
 */
export function withSize(
  options: Map<string, string>,
  size: { width: number; height?: number; quality?: number; fit?: string },
  short: boolean,
): string {
  const was = options.get("width");
  const height = options.get("height");
  const out = new Map<string, unknown>([["width", size.width]]);
  for (const [k, v] of options) out.set(k, v);
  out.set("width", size.width);
  out.set("height", size.height ?? (height && was ? Math.round((+height * size.width) / +was) : height));
  if (size.quality) out.set("quality", size.quality);
  if (size.fit) out.set("fit", size.fit);
  const name = (k: string) => (short && Object.keys(LONG).find((s) => LONG[s] === k)) || k;
  return [...out]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${name(k)}=${v}`)
    .join(",");
}
