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

const SHORT: Record<string, string> = { width: "w", height: "h", quality: "q", format: "f" };

/**
 * Serialises `options` with width, height, quality and fit taken from `size`, in that order (stable cache keys),
 * then the user's other options. A height that came with the URL is scaled with the width so a crop keeps its
 * shape. `short` writes `w=` rather than `width=`. Called once per srcset candidate, so it builds one string and
 * nothing else.
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
  const name = (key: string) => (short && SHORT[key]) || key;
  const was = options.get("width");
  const oldHeight = options.get("height");
  const height = size.height ?? (oldHeight && was ? Math.round((+oldHeight * size.width) / +was) : oldHeight);
  let out = `${name("width")}=${size.width}`;
  if (height !== undefined) out += `,${name("height")}=${height}`;
  if (size.quality) out += `,${name("quality")}=${size.quality}`;
  if (size.fit) out += `,fit=${size.fit}`;
  for (const [key, value] of options) {
    if (
      key === "width" ||
      key === "height" ||
      (key === "quality" && size.quality) ||
      (key === "fit" && size.fit)
    )
      continue;
    out += `,${name(key)}=${value}`;
  }
  return out;
}
