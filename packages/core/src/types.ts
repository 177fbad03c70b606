import type { CloudflareImagesOptions, CloudflareResizingOptions } from "./cloudflare";

/**
 * How an image is sized on the page.
 * - `fixed`: always `width` × `height` CSS pixels; the srcset offers `width` at densities 1 to 3 (≤ 1.25× apart) as
 *   width descriptors, with `sizes` set to the CSS width.
 * - `constrained`: fills its container up to `width` CSS pixels; the srcset uses width descriptors up to 2× `width`.
 * - `fullWidth`: always as wide as the viewport (`sizes="100vw"`).
 */
export type Layout = "fixed" | "constrained" | "fullWidth";

/** Cloudflare resize modes (`fit=`), shared by flexible variants and Image Resizing. */
export type Fit = "scale-down" | "contain" | "cover" | "crop" | "pad";

/** What a loader is asked for: one URL of `src` at `width` device pixels. */
export interface LoaderParams {
  /** The `src` given to the image: an image id, a path or an absolute URL. */
  src: string;
  /** Width in device pixels the returned URL should deliver. */
  width: number;
  /** Height in device pixels, set only when the aspect ratio is known and a `fit` that crops was asked for. */
  height?: number | undefined;
  /** Output quality, 1–100. Omitted: the CDN's default (85 on Cloudflare). */
  quality?: number;
  /** Resize mode. Omitted: the CDN's default (`scale-down` on Cloudflare, which never enlarges). */
  fit?: Fit;
}

/**
 * Turns a `src` and a width into a URL. Throw, or return `null`, when `src` is not one this loader can serve;
 * the image then renders as a plain `<img>` without a srcset (and warns in development).
 */
export interface ImageLoader {
  (params: LoaderParams): string | null;
  /**
   * The only widths this loader can deliver (for example named variants `w320`, `w640`).
   * When set, srcset candidates are snapped to these widths instead of the default ladder.
   */
  readonly widths?: readonly number[];
}

/** Loader options as plain data: `cloudflareImages` options when `accountHash` is set, else `cloudflareResizing` options. */
export type LoaderConfig = CloudflareImagesOptions | CloudflareResizingOptions;

/** Everything `transformProps` needs to describe one responsive image. */
export interface ImageOptions {
  /** Image id (with a loader), path or absolute URL. Cloudflare delivery and `/cdn-cgi/image/` URLs are recognised. */
  src: string;
  /** Alternative text. Use `""` for decorative images. */
  alt: string;
  /** Width in CSS pixels: the exact width for `fixed`, the maximum for `constrained`, ignored for `fullWidth`. */
  width?: number | undefined;
  /** Height in CSS pixels at `width`; with `width` it reserves space so nothing shifts while loading. */
  height?: number | undefined;
  /** Width ÷ height, an alternative to `height`. */
  aspectRatio?: number;
  /** Default `"constrained"`. */
  layout?: Layout;
  /** Overrides the `sizes` attribute derived from the layout. */
  sizes?: string | undefined;
  /** Above-the-fold hero: eager loading, `fetchpriority="high"` and a preload hint. Default `false`. */
  priority?: boolean;
  /**
   * Builds the URL per width: a loader function, or (serialisable, so a React Server Component can pass it to a
   * client component) the options of `cloudflareImages` (`{ accountHash, … }`) or of `cloudflareResizing`
   * (`{ zone, … }`). Default: recognise Cloudflare URLs in `src`, else a plain `<img>`.
   */
  loader?: ImageLoader | LoaderConfig;
  /** The original image's width in pixels, when known: no candidate is larger (nothing is upscaled). */
  intrinsicWidth?: number;
  /** Output quality 1–100, passed to the loader. */
  quality?: number;
  /** Resize mode, passed to the loader. */
  fit?: Fit;
  /** Candidate widths to use instead of the default ladder (device pixels). */
  breakpoints?: readonly number[];
  /** A BlurHash string, decoded during rendering (also on the server) into a 6 × 6 image painted until the image loads. */
  blurhash?: string;
  /** `"none"`, a `data:` URL, or a CSS colour shown until the image loads. Overrides `blurhash`. */
  placeholder?: string;
}

/** The attributes of the `<img>`, with HTML names. Omitted keys are not rendered. */
export interface ImageAttributes {
  src: string;
  alt: string;
  srcset?: string | undefined;
  sizes?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  loading: "lazy" | "eager";
  decoding: "async" | "auto";
  fetchpriority?: "high" | undefined;
  /** Inline styles with camelCase property names (`aspectRatio`, `backgroundImage`), as React and most bindings take them. */
  style: Record<string, string>;
}

/** A placeholder ready to paint: a CSS colour and/or an image URL. */
export interface Placeholder {
  color?: string;
  image?: string;
}
