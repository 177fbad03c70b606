/*
 * The pictures of Storybook's stand-in for Cloudflare's image endpoints (see `image-server.ts` for the paths and
 * extras it understands). Web APIs only: the dev server's middleware and the static build's service worker
 * (`image-worker.ts`) both answer with `imageResponse`, so the two cannot drift apart.
 */

const LONG: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format" };
const MAX_DELAY = 10_000;
const MAX_SIDE = 8192;

interface ImageRequest {
  width?: number;
  height?: number;
  fit?: string;
  delay: number;
  label: string;
  missing: boolean;
}

function parseOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const part of text.split(",")) {
    const [key = "", value = ""] = part.split("=");
    if (key) options.set(LONG[key] ?? key, value);
  }
  return options;
}

const number = (value: string | undefined) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.round(n), MAX_SIDE) : undefined;
};

/** Reads a request path into what to draw; `null` when the path is not one of Cloudflare's. */
export function parseRequest(url: string): ImageRequest | null {
  const parsed = new URL(url, "http://storybook.local");
  const path = decodeURIComponent(parsed.pathname);
  const queryDelay = Number(parsed.searchParams.get("delay")) || 0;
  let options: Map<string, string>;
  let label: string;
  let segments: string[];

  const resizing = path.match(/^\/cdn-cgi\/image\/([^/]+)\/(.+)$/);
  const delivery = path.match(/^\/cdn-cgi\/imagedelivery\/([^/]+)\/(.+)\/([^/]+)$/);
  if (resizing) {
    options = parseOptions(resizing[1] as string);
    label = resizing[2] as string;
    segments = label.split("/");
  } else if (delivery) {
    const variant = delivery[3] as string;
    options = variant.includes("=") ? parseOptions(variant) : new Map();
    if (!variant.includes("=")) options.set("width", variant.match(/\d+/)?.[0] ?? "1200");
    label = `${delivery[2]} (${variant})`;
    segments = (delivery[2] as string).split("/");
  } else {
    return null;
  }
  const delay = Math.min(Math.max(Number(options.get("delay")) || queryDelay, 0), MAX_DELAY);
  return {
    width: number(options.get("width")),
    height: number(options.get("height")),
    fit: options.get("fit"),
    delay,
    label: label.replace(/^https?:\/\//, ""),
    missing: segments.some((s) => s.startsWith("missing")),
  };
}

/** Width and height of the picture for a request, keeping the source's made-up aspect ratio when only one is given. */
export function measure(r: ImageRequest): { width: number; height: number } {
  const ratio = /portrait/.test(r.label) ? 2 / 3 : /square/.test(r.label) ? 1 : 3 / 2;
  if (r.width && r.height) return { width: r.width, height: r.height };
  if (r.width) return { width: r.width, height: Math.max(1, Math.round(r.width / ratio)) };
  if (r.height) return { width: Math.max(1, Math.round(r.height * ratio)), height: r.height };
  return { width: 1600, height: Math.round(1600 / ratio) };
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** A gradient the colour of the source's name, the size in large type, and the source and fit below it. */
export function drawSvg(r: ImageRequest): string {
  const { width, height } = measure(r);
  let hash = 0;
  for (const c of r.label) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const big = Math.max(8, Math.round(Math.min(width / 6, height / 3)));
  const small = Math.max(6, Math.round(big / 3));
  const caption = `${r.label}${r.fit ? ` · fit=${r.fit}` : ""}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue} 70% 55%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360} 60% 30%)"/>
</linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<g fill="#fff" font-family="system-ui, sans-serif" text-anchor="middle">
<text x="50%" y="50%" font-size="${big}" font-weight="700">${width}w</text>
<text x="50%" y="50%" dy="${Math.round(big * 0.9)}" font-size="${small}">${width} × ${height} · ${escapeXml(caption)}</text>
</g>
</svg>`;
}

/**
 * The answer to an image request: the SVG (404 for a `missing…` source), after its `delay`; `null` when `url` is not
 * one of Cloudflare's image paths, so the caller can pass it on.
 */
export async function imageResponse(url: string, method = "GET"): Promise<Response | null> {
  const r = parseRequest(url);
  if (!r) return null;
  if (r.delay) await new Promise((resolve) => setTimeout(resolve, r.delay));
  // Not cached, so a held-back (`delay`) picture is held back again each time a story is opened.
  if (r.missing) {
    return new Response(`ERROR 9404: the origin has no ${r.label}.`, {
      status: 404,
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
    });
  }
  return new Response(method === "HEAD" ? null : drawSvg(r), {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "no-store" },
  });
}
