import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";

/**
 * A stand-in for Cloudflare's image endpoints while Storybook (or the Vitest browser run of the stories) is served by
 * Vite. Instead of resizing a real photo it draws an SVG of exactly the requested size, with the width printed in it,
 * so whoever looks at a story can see which srcset candidate the browser chose.
 *
 * Served paths:
 * - `/cdn-cgi/image/<options>/<source>`: Image Resizing (`width=640,height=…,fit=…,format=auto`, short names too).
 * - `/cdn-cgi/imagedelivery/<account hash>/<image id>/<variant>`: Cloudflare Images on a custom domain, with a
 *   flexible variant (`w=640,…`) or a named one (its width is the number in its name: `w320`, `thumb-160`; else 1200).
 *
 * Extras that Cloudflare does not have:
 * - `delay=<ms>` among the options (or `?delay=<ms>`) holds the response back, up to 10 s, so a placeholder stays
 *   visible. It is stripped before the image is drawn.
 * - A source or image id with a path segment starting with `missing` answers 404, like an origin that lost the file.
 * - Sources whose name contains `portrait` are 2:3, `square` 1:1, anything else 3:2 (when no height is asked for).
 *
 * Only the dev server has this middleware: a static `storybook build` serves no images.
 */
export function imageServer(): Plugin {
  return {
    name: "darkroom:storybook-image-server",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith("/cdn-cgi/")) return next();
        handle(req, res).catch(next);
      });
    },
  };
}

const LONG: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format" };
const MAX_DELAY = 10_000;
const MAX_SIDE = 8192;

interface Request {
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
export function parseRequest(url: string): Request | null {
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
export function measure(r: Request): { width: number; height: number } {
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
export function drawSvg(r: Request): string {
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

async function handle(req: IncomingMessage, res: ServerResponse) {
  const r = parseRequest(req.url ?? "");
  if (!r) {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain");
    res.end("Not a Cloudflare image path.");
    return;
  }
  if (r.delay) await new Promise((resolve) => setTimeout(resolve, r.delay));
  res.setHeader("Cache-Control", "no-store");
  if (r.missing) {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain");
    res.end(`ERROR 9404: the origin has no ${r.label}.`);
    return;
  }
  res.setHeader("Content-Type", "image/svg+xml");
  res.end(req.method === "HEAD" ? undefined : drawSvg(r));
}
