/**
 * When and how `preprocessImage` makes a smaller copy of an image. Each limit defaults to Cloudflare Images'
 * upload limit, so the copy is one Cloudflare will take.
 */
export interface DownscaleOptions {
  /** Longest side in pixels. Default `MAX_IMAGE_SIDE` (12,000). */
  maxSide?: number;
  /** Width × height. Default `MAX_IMAGE_PIXELS` (100,000,000). */
  maxPixels?: number;
  /** Bytes of the file. Default `MAX_UPLOAD_BYTES` (10 MB = 10 × 1024 × 1024). */
  maxBytes?: number;
  /**
   * Format of the copy. Default `"image/jpeg"`, the smallest for photos; an image with transparent pixels gets
   * `"image/webp"` instead (which keeps them; browsers that cannot write WebP give PNG).
   */
  type?: "image/jpeg" | "image/webp" | "image/png";
  /** Encoder quality for JPEG and WebP, 0–1. Default 0.9: no visible loss before Cloudflare re-encodes it. */
  quality?: number;
}

/** Options of `preprocessImage`. */
export interface PreprocessOptions {
  /**
   * BlurHash components along x and y, 1–9 each. Default `[4, 3]`: enough shape for a landscape photo in 28
   * characters; use `[3, 4]` for portrait-heavy galleries.
   */
  components?: [x: number, y: number];
  /**
   * Opt in to a smaller copy when the image exceeds these limits (`{}` means Cloudflare's limits). Default
   * `false`: the file is never re-encoded, because a re-encode loses quality and metadata. Animated GIF and
   * WebP and SVG are never downscaled (a canvas keeps one frame, and vectors have no pixel limit).
   */
  downscale?: false | DownscaleOptions;
  /** Aborting rejects with the signal's reason and stops the work (a running worker is terminated). */
  signal?: AbortSignal;
}

/**
 * What `preprocessImage` found out about an image, and the file to upload. It satisfies the Uploader's
 * `PreprocessResult`, so `preprocess: (file, signal) => preprocessImage(file, { signal, downscale: {} })` plugs in.
 */
export interface PreprocessedImage {
  /**
   * Width in pixels as displayed: EXIF orientation applied, as browsers and Cloudflare Images do, so it is the
   * width `<Image>` lays out. The width of `file` (the copy's, when `downscaled`).
   */
  width: number;
  /** Height in pixels as displayed, like `width`. */
  height: number;
  /**
   * BlurHash of the image, or `undefined` when nothing here could decode it (Node, an SVG, a format the browser
   * cannot read): the dimensions then come from the file header.
   */
  blurhash: string | undefined;
  /** The Blob passed in, or the smaller copy (a `File` with the original name when a `File` was passed in). */
  file: Blob;
  /** Whether `file` is a smaller copy. When downscaling was asked for but was not possible, this is `false`. */
  downscaled: boolean;
}

/** Downscale limits with every default filled in; what the decoder receives. */
export interface ResolvedDownscale {
  maxSide: number;
  maxPixels: number;
  maxBytes: number;
  /** `undefined`: JPEG, or WebP when the image has transparent pixels. */
  type: DownscaleOptions["type"];
  quality: number;
}

/** One image for the decoder, in the worker or on the main thread. Structured-cloneable. */
export interface DecodeJob {
  file: Blob;
  components: [x: number, y: number];
  /** Set when a copy may be made (opted in, and not an animation or SVG). */
  downscale: ResolvedDownscale | undefined;
}

/** What the decoder sends back. `copy` is set when the image exceeded the limits and a copy fits within them. */
export type DecodeOutcome =
  | { ok: true; width: number; height: number; blurhash: string; copy?: Blob }
  /** `decode`: the browser cannot read the image; `internal`: the decoder itself broke (e.g. in a worker). */
  | { ok: false; kind: "decode" | "internal"; message: string };
