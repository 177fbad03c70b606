import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { toNodeListener } from "@darkroom/server";
import { build } from "esbuild";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import sharp from "sharp";
import { Doc } from "./pages";

/** One request the browser made: path with query, and when it arrived (ms, `performance.now()` clock). */
export interface Hit {
  path: string;
  time: number;
}

export interface TestServer {
  origin: string;
  hits: Hit[];
  /** How long to hold the response to `path`: milliseconds, or a promise (a gate the test opens). */
  delay: (path: string) => number | Promise<unknown>;
  /** Answers requests to `/api/*` (a Fetch API handler such as `createUploadHandler`); 404 when unset. */
  api: ((request: Request) => Promise<Response>) | undefined;
  /** Hits whose path contains `fragment`. */
  requested(fragment: string): Hit[];
  close(): Promise<void>;
}

// The "original" photo: an orange gradient with noise, 3840×2560, generated once; resized JPEGs are cached by width.
const SOURCE = { width: 3840, height: 2560, channels: 3 as const };
let source: Buffer | undefined;
const jpegs = new Map<number, Promise<Buffer>>();

function original(): Buffer {
  if (source) return source;
  const { width, height } = SOURCE;
  const px = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 27) - 16;
      const i = (y * width + x) * 3;
      px[i] = 220 + noise / 2;
      px[i + 1] = 60 + (140 * x) / width + noise;
      px[i + 2] = 20 + (60 * y) / height + noise;
    }
  source = px;
  return px;
}

export function jpeg(width: number): Promise<Buffer> {
  let out = jpegs.get(width);
  if (!out) {
    out = sharp(original(), { raw: SOURCE }).resize(width).jpeg({ quality: 80 }).toBuffer();
    jpegs.set(width, out);
  }
  return out;
}

const options = (text: string) => new Map(text.split(",").map((kv) => kv.split("=") as [string, string]));

/** The width asked for by a Cloudflare-style URL; `null` for a missing image, `undefined` for another path. */
export function requestedWidth(path: string): number | null | undefined {
  const resizing = path.match(/^\/cdn-cgi\/image\/([^/]+)\/(.+)$/);
  const delivery = path.match(/^\/cdn-cgi\/imagedelivery\/[^/]+\/(.+)\/([^/]+)$/);
  const found = resizing
    ? { opts: resizing[1], name: resizing[2] }
    : delivery && { opts: delivery[2], name: delivery[1] };
  if (!found) return /^\/static\/\w+\.jpg$/.test(path) && !path.includes("missing") ? 320 : undefined;
  if (found.name?.includes("missing")) return null;
  const o = options(found.opts ?? "");
  const width = Number(o.get("w") ?? o.get("width"));
  return Number.isInteger(width) && width > 0 && width <= SOURCE.width ? width : SOURCE.width;
}

const bundles = new Map<string, Promise<string>>();
/** Chunks of every bundle by file name (`validate-<hash>.js`, `chunk-<hash>.js`), served next to their entry. */
const chunks = new Map<string, string>();

/**
 * An ESM browser bundle of `file` (relative to e2e/), built once per process from the packages' source, with code
 * splitting as an app's bundler does it: what the packages load with `import()` arrives as its own chunk.
 */
export function bundle(file: string): Promise<string> {
  let out = bundles.get(file);
  if (!out) {
    out = build({
      entryPoints: [fileURLToPath(new URL(file, import.meta.url))],
      bundle: true,
      splitting: true,
      outdir: "out",
      entryNames: "[name]",
      chunkNames: "[name]-[hash]",
      write: false,
      format: "esm",
      conditions: ["darkroom:source"],
      define: { "process.env.NODE_ENV": '"development"' },
      metafile: true,
      logLevel: "silent",
    }).then((r) => {
      const entry = Object.keys(r.metafile.outputs).find((o) => r.metafile.outputs[o]?.entryPoint);
      let text = "";
      for (const output of r.outputFiles) {
        if (entry && output.path.endsWith(`/${entry}`)) text = output.text;
        else chunks.set(output.path.slice(output.path.lastIndexOf("/") + 1), output.text);
      }
      return text;
    });
    bundles.set(file, out);
  }
  return out;
}

/**
 * Starts the test server on 127.0.0.1 (ephemeral port): `/page/<name>` (SSR; `?js` adds the client bundle),
 * `/client.js`, Cloudflare-like `/cdn-cgi/image/<options>/<source>` and `/cdn-cgi/imagedelivery/<hash>/<id>/<variant>`
 * (real JPEGs of the requested width; sources containing "missing" are 404), `/static/*.jpg`, and `/entry/<name>`: a
 * blank page running the bundle of `e2e/entries/<name>.ts(x)` (for tests that drive library code in the page).
 */
export async function startServer(): Promise<TestServer> {
  const state: TestServer = {
    origin: "",
    hits: [],
    delay: () => 0,
    api: undefined,
    requested: (fragment) => state.hits.filter((h) => h.path.includes(fragment)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", state.origin);
    const path = url.pathname + url.search;
    state.hits.push({ path, time: performance.now() });
    const wait = state.delay(path);
    await (typeof wait === "number" ? new Promise((r) => setTimeout(r, wait)) : wait);
    const send = (status: number, type: string, body: string | Buffer) => {
      const cache = type.startsWith("image/") ? "public, max-age=31536000, immutable" : "no-store";
      res.writeHead(status, { "content-type": type, "cache-control": cache });
      res.end(body);
    };
    try {
      const page = url.pathname.match(/^\/page\/(\w+)$/)?.[1];
      const width = requestedWidth(url.pathname);
      const entry = url.pathname.match(/^\/entry\/([\w-]+)$/)?.[1];
      const entryScript = url.pathname.match(/^\/entry\/([\w-]+\.tsx?)$/)?.[1];
      const chunk = url.pathname.match(/^\/(?:entry\/)?([\w-]+-[A-Z0-9]{8}\.js)$/)?.[1];
      if (url.pathname.startsWith("/api/"))
        return await toNodeListener(state.api ?? (async () => new Response("no api", { status: 404 })))(
          req,
          res,
        );
      if (page)
        send(200, "text/html; charset=utf-8", renderPage(page, state.origin, url.searchParams.has("js")));
      else if (url.pathname === "/client.js") send(200, "text/javascript", await bundle("./client.tsx"));
      else if (entry) send(200, "text/html; charset=utf-8", entryPage(entry));
      else if (entryScript) send(200, "text/javascript", await bundle(`./entries/${entryScript}`));
      else if (chunk && chunks.has(chunk)) send(200, "text/javascript", chunks.get(chunk) as string);
      else if (width) send(200, "image/jpeg", await jpeg(width));
      else send(404, "text/plain", "not found");
    } catch (error) {
      send(500, "text/plain", String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A blank page that runs `e2e/entries/<name>.ts` (or `.tsx`); the entry exposes what tests call on `window`. */
function entryPage(name: string): string {
  const file = existsSync(fileURLToPath(new URL(`./entries/${name}.tsx`, import.meta.url)))
    ? `${name}.tsx`
    : `${name}.ts`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body><div id="root"></div><script type="module" src="/entry/${file}"></script></body></html>`;
}

export function renderPage(name: string, origin: string, js: boolean): string {
  return `<!doctype html>${renderToString(createElement(Doc, { name, origin, js }))}`;
}

/** A promise the test resolves when it wants held responses to go out. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
