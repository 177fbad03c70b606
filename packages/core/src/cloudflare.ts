import { type Options, parseOptions, withSize } from "./options-string";
import type { ImageLoader, LoaderParams } from "./types";
import { warn } from "./warn";

const DELIVERY = "https://imagedelivery.net";
/** `<base>/cdn-cgi/image/<options>/<source>`; the source is concatenated unencoded and may have its own query. */
const RESIZING = /^(.*?)\/cdn-cgi\/image\/([^/]+)\/(.+)$/;
/** `<imagedelivery.net | any origin + /cdn-cgi/imagedelivery>/<hash>/<id, may contain "/">/<variant>[?query]` */
const IMAGES =
  /^(https:\/\/imagedelivery\.net|[^?#]*?\/cdn-cgi\/imagedelivery)\/([^/?#]+)\/([^?#]+)\/([^/?#]+)(\?.*)?$/;

/**
 * A recognised Cloudflare URL: a URL for another size is `head` + the options + `tail`. `head` is `""` for a signed
 * URL, whose signature covers the variant, so it cannot be resized. `id` is set for Cloudflare Images URLs only, as
 * it appears in the URL (already encoded).
 */
type Parsed = [head: string, options: Options, tail: string, short: boolean, id?: string];

/** Loaders parse the same src once per srcset candidate: the last answer is kept. */
let last: [string, Parsed | null] = ["", null];

/**
 * Recognises Cloudflare Images delivery URLs (`imagedelivery.net/<hash>/<id>/<variant>`, custom domains'
 * `/cdn-cgi/imagedelivery/…`) and Image Resizing URLs (`/cdn-cgi/image/<options>/<source>`); `null` for others.
 */
function parse(src: string): Parsed | null {
  if (src === last[0]) return last[1];
  const r = RESIZING.exec(src);
  const m = r ? null : IMAGES.exec(src);
  let parsed: Parsed | null = null;
  if (r) {
    const options = parseOptions(r[2] as string);
    // Option names are written short when the width came short (`w=`), else long.
    if (options) parsed = [`${r[1]}/cdn-cgi/image/`, options, `/${r[3]}`, /(^|,)w=/.test(r[2] as string)];
  } else if (m) {
    const variant = m[4] as string;
    const head = /[?&]sig=/.test(m[5] ?? "") ? "" : `${m[1]}/${m[2]}/${m[3]}/`;
    parsed = [head, (variant.includes("=") && parseOptions(variant)) || new Map(), "", true, m[3]];
  }
  last = [src, parsed];
  return parsed;
}

/**
 * Encodes a Cloudflare image id for a URL path: each `/`-separated segment percent-encoded on its own, so subpaths
 * stay paths, and every segment kept (an id is never rewritten into another image's id). The one implementation:
 * `@darkroom/server` re-exports it for its API paths.
 */
export function encodeImageId(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

/** Development warnings for an id that is probably not one Cloudflare returned. */
function checkImageId(id: string): void {
  if (/^\/|\/$|\/\//.test(id))
    warn(`Image id "${id}" has an empty path segment (a leading, trailing or double "/").`);
  if (/\s/.test(id))
    warn(`Image id "${id}" contains whitespace; it was encoded, but check it is the id Cloudflare returned.`);
}

/**
 * The default loader: rewrites recognised Cloudflare URLs per width (flexible variants `w=…` for Cloudflare Images,
 * the `width=` option for `/cdn-cgi/image/`). Returns `null` for other URLs and for signed URLs.
 */
export const cloudflareUrlLoader: ImageLoader = (p) => {
  const u = parse(p.src);
  return u?.[0] ? u[0] + withSize(u[1], p, u[3]) + u[2] : null;
};

/** Options of {@link cloudflareImages}. */
export interface CloudflareImagesOptions {
  /** The account hash from the dashboard (Images → Overview), as in `imagedelivery.net/<hash>/…`. */
  accountHash: string;
  /**
   * Serve from your own zone, e.g. `"https://example.com"` → `https://example.com/cdn-cgi/imagedelivery/<hash>/…`.
   * Default `https://imagedelivery.net`.
   */
  domain?: string;
  /**
   * For accounts without flexible variants: the named variants by the width they deliver, e.g.
   * `{ 320: "w320", 640: "w640", 1280: "w1280" }`. Candidates are then exactly these widths.
   */
  variants?: Record<number, string>;
}

/**
 * A loader for images stored in Cloudflare Images. `src` may be an image id (custom ids may contain `/`) or a full
 * delivery URL. Uses flexible variants (`w=640`) unless `variants` maps widths to named variants.
 */
export function cloudflareImages({
  accountHash,
  domain = DELIVERY,
  variants,
}: CloudflareImagesOptions): ImageLoader {
  const origin = domain.replace(/\/+$/, "");
  const base = `${origin === DELIVERY ? origin : `${origin}/cdn-cgi/imagedelivery`}/${accountHash}/`;
  const widths =
    variants &&
    Object.keys(variants)
      .map(Number)
      .filter((w) => w > 0)
      .sort((a, b) => a - b);
  // Called once per srcset candidate with the same src: parse and encode it once.
  let src: string | undefined;
  let id: string | undefined | false;
  let kept: Options = new Map();
  const loader = (p: LoaderParams) => {
    if (p.src !== src) {
      src = p.src;
      const u = parse(src);
      if (process.env.NODE_ENV !== "production" && !u) checkImageId(src);
      id = u ? u[0] && u[4] : encodeImageId(src);
      kept = u?.[1] ?? new Map();
    }
    if (!id) return null;
    // The smallest named variant at least as wide, else the widest; or a flexible variant.
    const variant = widths
      ? variants[widths.find((w) => w >= p.width) ?? (widths[widths.length - 1] as number)]
      : withSize(kept, p, true);
    return `${base}${id}/${variant}`;
  };
  return Object.assign(loader, { widths });
}

/** Options of {@link cloudflareResizing}. */
export interface CloudflareResizingOptions {
  /** The Cloudflare zone that resizes, e.g. `"https://example.com"`. Default: same origin (relative URLs). */
  zone?: string;
  /** Extra options added to every URL, e.g. `{ format: "auto", sharpen: "1" }`. Default `{ format: "auto" }`. */
  options?: Record<string, string | number>;
}

/**
 * A loader for images hosted anywhere, resized by Cloudflare Image Resizing:
 * `<zone>/cdn-cgi/image/width=640,format=auto/<src>`. An Image Resizing URL given as `src` is resized as it is.
 */
export function cloudflareResizing({
  zone = "",
  options = { format: "auto" },
}: CloudflareResizingOptions = {}): ImageLoader {
  const start = `${zone.replace(/\/+$/, "")}/cdn-cgi/image/`;
  const extra: Options = new Map(Object.entries(options));
  return (p) =>
    parse(p.src)?.[2]
      ? cloudflareUrlLoader(p)
      : `${start}${withSize(extra, p, false)}/${p.src.replace(/^\/+/, "")}`;
}
