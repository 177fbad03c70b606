import { parseOptions, withSize } from "./options-string";
import type { ImageLoader, LoaderParams } from "./types";
import { warn } from "./warn";

const DELIVERY = "https://imagedelivery.net";
/** `<base>/cdn-cgi/image/<options>/<source>`; the source is concatenated unencoded and may have its own query. */
const RESIZING = /^(.*?)\/cdn-cgi\/image\/([^/]+)\/(.+)$/;
/** `<imagedelivery.net | any origin + /cdn-cgi/imagedelivery>/<hash>/<id, may contain "/">/<variant>[?query]` */
const IMAGES =
  /^(https:\/\/imagedelivery\.net|[^?#]*?\/cdn-cgi\/imagedelivery)\/([^/?#]+)\/([^?#]+)\/([^/?#]+)(\?.*)?$/;

/** A recognised Cloudflare URL, split into the parts a loader rewrites. */
export type CloudflareUrl =
  | {
      kind: "images";
      base: string;
      accountHash: string;
      id: string;
      variant: string;
      /** The flexible-variant options when `variant` is an option string such as `w=400,sharpen=3`. */
      options: Map<string, string>;
      search: string;
    }
  | { kind: "resizing"; base: string; options: Map<string, string>; source: string };

/**
 * Recognises Cloudflare Images delivery URLs (`imagedelivery.net/<hash>/<id>/<variant>`, custom domains'
 * `/cdn-cgi/imagedelivery/…`) and Image Resizing URLs (`/cdn-cgi/image/<options>/<source>`). Returns `null` for
 * anything else. The id stays as it appears in the URL (already encoded); it may contain `/`.
 */
export function parseCloudflareUrl(src: string): CloudflareUrl | null {
  // Loaders parse the same src once per srcset candidate: remember the last answer.
  if (src === last[0]) return last[1];
  last = [src, parse(src)];
  return last[1];
}

let last: [string, CloudflareUrl | null] = ["", null];

function parse(src: string): CloudflareUrl | null {
  const resizing = RESIZING.exec(src);
  if (resizing) {
    const options = parseOptions(resizing[2] as string);
    return (
      options && { kind: "resizing", base: resizing[1] as string, options, source: resizing[3] as string }
    );
  }
  const m = IMAGES.exec(src);
  if (!m) return null;
  const [, base, accountHash, id, variant, search] = m as unknown as string[];
  const options = (variant?.includes("=") && parseOptions(variant)) || new Map();
  return { kind: "images", base, accountHash, id, variant, options, search: search ?? "" } as CloudflareUrl;
}

/** Encodes a Cloudflare custom image id for a URL path, keeping `/` as the subpath separator. */
export function encodeImageId(id: string): string {
  if (process.env.NODE_ENV !== "production") {
    if (/^\/|\/$|\/\//.test(id))
      warn(`Image id "${id}" has an empty path segment (a leading, trailing or double "/").`);
    if (/\s/.test(id))
      warn(
        `Image id "${id}" contains whitespace; it was encoded, but check it is the id Cloudflare returned.`,
      );
  }
  return id
    .split("/")
    .filter((s) => s !== "")
    .map(encodeURIComponent)
    .join("/");
}

/** `start` (`<base>/<hash>/<id>/`) and the flexible variant for `p`, or the smallest named variant at least as wide. */
function variantUrl(start: string, options: Map<string, string>, p: LoaderParams, named?: Named): string {
  const w = named?.[0];
  return (
    start +
    (w ? named[1][w.find((v) => v >= p.width) ?? (w[w.length - 1] as number)] : withSize(options, p, true))
  );
}

/** Named variants: their widths (sorted once, not per candidate) and the width → name map. */
type Named = [number[], Record<number, string>];

/**
 * The default loader: rewrites recognised Cloudflare URLs per width (flexible variants `w=…` for Cloudflare Images,
 * the `width=` option for `/cdn-cgi/image/`). Returns `null` for other URLs and for signed URLs.
 */
export const cloudflareUrlLoader: ImageLoader = (p) => {
  const u = parseCloudflareUrl(p.src);
  return u?.kind === "resizing"
    ? resized(u, p)
    : u && !signed(u.search)
      ? variantUrl(`${u.base}/${u.accountHash}/${u.id}/`, u.options, p)
      : null;
};

/** Rewrites an Image Resizing URL's size, keeping its option names long or short as they came. */
function resized(u: Extract<CloudflareUrl, { kind: "resizing" }>, p: LoaderParams): string {
  const long = [...u.options.keys()].some((k) => k.length > 1);
  return `${u.base}/cdn-cgi/image/${withSize(u.options, p, !long)}/${u.source}`;
}

/** A signature covers the variant in the path: a signed URL cannot be resized. */
const signed = (search: string) => /[?&]sig=/.test(search);

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
export function cloudflareImages(options: CloudflareImagesOptions): ImageLoader {
  const { accountHash, variants } = options;
  const domain = (options.domain ?? DELIVERY).replace(/\/+$/, "");
  const base = `${domain === DELIVERY ? DELIVERY : `${domain}/cdn-cgi/imagedelivery`}/${accountHash}/`;
  const widths = variants
    ? Object.keys(variants)
        .map(Number)
        .filter((w) => w > 0)
        .sort((a, b) => a - b)
    : undefined;
  const named: Named | undefined = variants && [widths as number[], variants];
  // Called once per srcset candidate with the same src: parse and encode it once. `start` "" means "cannot serve".
  let src: string | undefined;
  let start = "";
  let kept = new Map<string, string>();
  const loader = (p: LoaderParams) => {
    if (p.src !== src) {
      src = p.src;
      const u = parseCloudflareUrl(src);
      const id = u ? u.kind === "images" && !signed(u.search) && u.id : encodeImageId(src);
      start = id ? `${base}${id}/` : "";
      kept = u?.options ?? new Map();
    }
    return start ? variantUrl(start, kept, p, named) : null;
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
 * `<zone>/cdn-cgi/image/width=640,format=auto/<src>`.
 */
export function cloudflareResizing(options: CloudflareResizingOptions = {}): ImageLoader {
  const zone = (options.zone ?? "").replace(/\/+$/, "");
  const extra = new Map(
    Object.entries(options.options ?? { format: "auto" }).map(([k, v]) => [k, String(v)]),
  );
  return (p) => {
    const parsed = parseCloudflareUrl(p.src);
    if (parsed?.kind === "resizing") return resized(parsed, p);
    const source = /^https?:\/\//.test(p.src) ? p.src : p.src.replace(/^\/+/, "");
    return `${zone}/cdn-cgi/image/${withSize(extra, p, false)}/${source}`;
  };
}
