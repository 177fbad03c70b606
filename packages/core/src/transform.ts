import { cloudflareImages, cloudflareResizing, cloudflareUrlLoader } from "./cloudflare";
import { resolvePlaceholder } from "./placeholder";
import type { ImageAttributes, ImageOptions, Layout, Placeholder } from "./types";
import { warn } from "./warn";
import { type Candidate, getCandidates, getSizes } from "./widths";

const positive = (n: unknown): number | undefined =>
  typeof n === "number" && n > 0 && n < Infinity ? n : undefined;

/**
 * The placeholder as one `background` declaration for an `<img>`: painted behind the image until the image covers it.
 * Empty when there is nothing to paint.
 */
export function placeholderStyle({ color = "", image }: Placeholder): Record<string, string> {
  // A base64 data URL goes unquoted (quotes cost 10 bytes of `&quot;` in HTML); anything else is quoted, with
  // quotes, backslashes and newlines escaped so it cannot end the `url(…)` early.
  const layer =
    image &&
    `url(${/^[\w+/=:;,.-]*$/.test(image) ? image : `"${image.replace(/["\\\n\r]/g, encodeURIComponent)}"`}) 50%/cover no-repeat `;
  return color || layer ? { background: (layer || "") + color } : {};
}

/** Development-only explanations of input that `transformProps` had to ignore or work around. */
function explain(o: ImageOptions, layout: Layout, srcset: string | undefined, error: unknown) {
  const src = JSON.stringify(o.src);
  for (const key of ["width", "height", "aspectRatio", "intrinsicWidth"] as const)
    if (o[key] !== undefined && !positive(o[key]))
      warn(`${key}=${String(o[key])} for ${src} is not a positive number; ignored.`);
  if (layout !== "fullWidth" && !positive(o.width))
    warn(`layout="${layout}" needs a width; rendering ${src} as fullWidth.`);
  if (!positive(o.height) && !positive(o.aspectRatio))
    warn(`No height or aspectRatio for ${src}: the page will shift when it loads.`);
  if (!o.src?.trim?.()) warn(`The image "${o.alt}" has no src.`);
  else if (error)
    warn(`The loader failed for ${src}: ${(error as Error).message}. Rendering without a srcset.`);
  else if (!srcset)
    warn(
      o.loader
        ? `The loader could not build URLs for ${src}; rendering it without a srcset.`
        : `No loader recognises ${src}; rendering it without a srcset. For image ids pass loader={cloudflareImages(…)}.`,
    );
}

/**
 * Turns image options into `<img>` attributes (HTML names) and the placeholder to paint. Pure and synchronous: it runs
 * during SSR, in React Server Components and in Workers. Bad input never throws: it falls back to a plain `<img>` and
 * explains why in development.
 */
export function transformProps(o: ImageOptions): { attributes: ImageAttributes; placeholder: Placeholder } {
  const width = positive(o.width);
  const ratio =
    positive(o.aspectRatio) ?? (width && positive(o.height) ? width / (o.height as number) : undefined);
  const height = width && ratio ? Math.round(width / ratio) : undefined;
  const layout: Layout = width ? (o.layout ?? "constrained") : "fullWidth";
  const src = typeof o.src === "string" ? o.src.trim() : "";
  const loader =
    typeof o.loader === "function"
      ? o.loader
      : o.loader
        ? "accountHash" in o.loader
          ? cloudflareImages(o.loader)
          : cloudflareResizing(o.loader)
        : cloudflareUrlLoader;
  let srcset = "";
  // `src` for browsers without srcset: the 1x candidate, or the first at least 1024 px wide (else the widest).
  let fallback = "";
  let error: unknown;
  try {
    const candidates = getCandidates({
      layout,
      width,
      intrinsicWidth: positive(o.intrinsicWidth),
      widths: o.breakpoints ?? loader.widths,
      strict: !o.breakpoints && !!loader.widths,
    });
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as Candidate;
      const h = o.fit && o.fit !== "scale-down" && ratio ? Math.round(c.width / ratio) : undefined;
      const url = src && loader({ src, width: c.width, height: h, quality: o.quality, fit: o.fit });
      // A srcset with holes would make the browser pick a wrong size: all candidates or none.
      if (!url) {
        srcset = fallback = "";
        break;
      }
      srcset += `${i ? ", " : ""}${url} ${c.descriptor}`;
      if (!fallback && (layout === "fixed" || c.width >= 1024 || i === candidates.length - 1)) fallback = url;
    }
  } catch (e) {
    error = e;
    srcset = fallback = "";
  }
  if (process.env.NODE_ENV !== "production") explain(o, o.layout ?? "constrained", srcset, error);

  const style: Record<string, string> =
    layout === "fixed"
      ? { width: `${width}px`, height: height ? `${height}px` : "auto" }
      : { maxWidth: layout === "constrained" ? `${width}px` : "none", width: "100%", height: "auto" };
  style.objectFit = "cover";
  if (ratio) style.aspectRatio = String(Math.round(ratio * 1e4) / 1e4);
  const placeholder = resolvePlaceholder(o.placeholder, o.blurhash);
  Object.assign(style, placeholderStyle(placeholder));

  const attributes: ImageAttributes = {
    src: fallback || src,
    alt: o.alt,
    srcset: srcset || undefined,
    sizes: srcset ? (o.sizes ?? getSizes(layout, width)) : undefined,
    width: width && Math.round(width),
    height,
    loading: o.priority ? "eager" : "lazy",
    decoding: o.priority ? "auto" : "async",
    fetchpriority: o.priority ? "high" : undefined,
    style,
  };
  return { attributes, placeholder };
}
