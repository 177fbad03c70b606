import sharp from "sharp";
import { CfError } from "./errors";
import { MAX_PIXELS, MAX_SIDE } from "./inspect";
import type { ImageFormat } from "./sniff";
import type { VariantOptions } from "./types";

/** Output formats the emulator encodes. */
export type OutputFormat = "avif" | "webp" | "jpeg" | "png";

/** A resolved set of resizing options (named variant or flexible option string). */
export interface Transform {
  width?: number | undefined;
  height?: number | undefined;
  fit: VariantOptions["fit"];
  quality: number;
  /** An explicit output format; undefined = negotiate from `Accept`. */
  format?: OutputFormat | undefined;
  keepMetadata: boolean;
}

const FITS = ["scale-down", "contain", "cover", "crop", "pad"];
const QUALITY_WORDS: Record<string, number> = { high: 90, "medium-high": 80, "medium-low": 65, low: 50 };
const ALIASES: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format", g: "gravity" };
const FORMATS: Record<string, OutputFormat | undefined> = {
  auto: undefined,
  avif: "avif",
  webp: "webp",
  jpeg: "jpeg",
  "baseline-jpeg": "jpeg",
  png: "png",
};

/** A whole number written as Cloudflare's documentation writes it: no sign, exponent, hex, spaces or leading 0. */
const INTEGER = /^(?:0|[1-9]\d*)$/;
/** A decimal number, canonical the same way (`0.5`, `1.25`; not `.5`, `1.`, `1e0`). */
const DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** Largest width or height of any output: the same as of any upload. */
const MAX_OUTPUT_SIDE = MAX_SIDE;
/** Largest area of any output: one request can make no more pixels than the largest image Images stores. */
const MAX_OUTPUT_PIXELS = MAX_PIXELS;

/** Whether `fit` may scale an image up (the others only shrink it). */
const enlarges = (t: Transform) => t.fit === "contain" || t.fit === "cover" || t.fit === "pad";

/** 400 / 9401: missing or invalid resizing parameters. */
const badOptions = (why: string) => new CfError(400, 9401, `Missing or invalid resizing parameters: ${why}`);

/** A named variant's options as a transform. */
export function fromVariant(options: VariantOptions): Transform {
  const { fit, width, height, metadata } = options;
  return { fit, width, height, quality: 85, keepMetadata: metadata === "keep" };
}

/** The number in `value` if it is canonical and within `min`..`max`; else 400 / 9401. */
function numberIn(key: string, value: string, min: number, max: number, integer: boolean): number {
  const n = Number(value);
  if (!(integer ? INTEGER : DECIMAL).test(value) || n < min || n > max) {
    throw badOptions(
      `${key}=${value} (expected ${integer ? "a whole number" : "a number"} from ${min} to ${max})`,
    );
  }
  return n;
}

/** Checks the value of a documented option the emulator accepts but does not apply. */
function checkIgnored(key: string, value: string): void {
  if (key === "anim" && value !== "true" && value !== "false") throw badOptions(`anim=${value}`);
  else if (key === "blur") numberIn(key, value, 1, 250, true);
  else if (key === "sharpen") numberIn(key, value, 0, 10, false);
  else if (key === "rotate" && !["0", "90", "180", "270"].includes(value))
    throw badOptions(`rotate=${value}`);
}

/**
 * Parses a flexible variant string (`w=400,h=300,fit=cover,q=75,f=webp`). Supported: width/w, height/h, fit,
 * quality/q, format/f, dpr (0.1..2, multiplies width and height), metadata; other documented options are checked
 * where their values are documented (anim, blur, sharpen, rotate) and ignored. Numbers must be canonical (`32`,
 * `1.5`; not `0x20`, `1e1`, ` 32`) and each option may appear once: anything else is 400 / 9401.
 */
export function parseFlexible(text: string): Transform {
  const t: Transform = { fit: "scale-down", quality: 85, keepMetadata: false };
  let dpr = 1;
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const [raw, value, extra] = part.split("=");
    if (!raw || value === undefined || value === "" || extra !== undefined)
      throw badOptions(part || "(empty)");
    const key = ALIASES[raw] ?? raw;
    if (seen.has(key)) throw badOptions(`${key} given twice`);
    seen.add(key);
    if (key === "width" || key === "height") {
      t[key] = numberIn(key, value, 1, MAX_OUTPUT_SIDE, true);
    } else if (key === "fit") {
      if (!FITS.includes(value)) throw badOptions(`fit=${value}`);
      t.fit = value as Transform["fit"];
    } else if (key === "quality") {
      t.quality = QUALITY_WORDS[value] ?? numberIn(key, value, 1, 100, true);
    } else if (key === "format") {
      if (!(value in FORMATS)) throw badOptions(`format=${value}`);
      t.format = FORMATS[value];
    } else if (key === "dpr") {
      dpr = numberIn(key, value, 0.1, 2, false);
    } else if (key === "metadata") {
      if (!["keep", "copyright", "none"].includes(value)) throw badOptions(`metadata=${value}`);
      t.keepMetadata = value === "keep";
    } else checkIgnored(key, value);
  }
  if (t.width) t.width = Math.max(1, Math.round(t.width * dpr));
  if (t.height) t.height = Math.max(1, Math.round(t.height * dpr));
  return t;
}

/** The width and height `render` produces for an original of `width` × `height`, after every option. */
export function outputSize(t: Transform, width: number, height: number): { width: number; height: number } {
  const W = t.width;
  const H = t.height;
  if (!W && !H) return { width, height };
  const scaled = (scale: number) => ({
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  });
  const fitInside = Math.min((W ?? Infinity) / width, (H ?? Infinity) / height);
  if (W && H && (t.fit === "cover" || t.fit === "pad")) return { width: W, height: H };
  if (W && H && t.fit === "crop") return { width: Math.min(W, width), height: Math.min(H, height) };
  return scaled(enlarges(t) ? fitInside : Math.min(fitInside, 1));
}

/**
 * Refuses, before any pixel is decoded, an output larger than {@link MAX_OUTPUT_SIDE} per side or
 * {@link MAX_OUTPUT_PIXELS} in area, with Cloudflare's "image too large" answer (403 / 9413). Checked on the
 * final size, after dpr, width, height and fit, so no combination of options can make one request do more work
 * than the largest stored image.
 */
export function checkOutput(t: Transform, width: number, height: number): void {
  const out = outputSize(t, width, height);
  if (
    out.width > MAX_OUTPUT_SIDE ||
    out.height > MAX_OUTPUT_SIDE ||
    out.width * out.height > MAX_OUTPUT_PIXELS
  ) {
    throw new CfError(
      403,
      9413,
      `Image too large: the output would be ${out.width} × ${out.height} px; the limits are ${MAX_OUTPUT_SIDE} px per side and 100 megapixels`,
    );
  }
}

/** Cloudflare caps AVIF output at 1,200 px per side and serves the next format the browser accepts above that. */
const AVIF_MAX_SIDE = 1200;

/** The largest side `render` will produce for an original of `width` × `height`. */
export function outputSide(t: Transform, width: number, height: number): number {
  const out = outputSize(t, width, height);
  return Math.max(out.width, out.height);
}

/**
 * The output format: explicit, else AVIF (up to 1,200 px per side) or WebP if `Accept` allows, else PNG for
 * PNG/GIF originals, else JPEG. `side` is the largest side of the output.
 */
export function chooseFormat(t: Transform, accept: string, original: ImageFormat, side = 0): OutputFormat {
  if (t.format) return t.format;
  if (/image\/avif/i.test(accept) && side <= AVIF_MAX_SIDE) return "avif";
  if (/image\/webp/i.test(accept)) return "webp";
  return original === "png" || original === "gif" ? "png" : "jpeg";
}

/** Resizes and encodes with sharp (first frame of animations). */
export async function render(bytes: Buffer, t: Transform, format: OutputFormat): Promise<Buffer> {
  // Stored images are at most 100 MP (first frame only is read); the cap holds even for records made before that.
  let image = sharp(bytes, { failOn: "none", limitInputPixels: MAX_OUTPUT_PIXELS }).rotate();
  if (t.width || t.height) {
    const fit = t.fit === "cover" || t.fit === "crop" ? "cover" : t.fit === "pad" ? "contain" : "inside";
    image = image.resize({
      width: t.width,
      height: t.height,
      fit,
      withoutEnlargement: !enlarges(t),
      background: { r: 255, g: 255, b: 255, alpha: 1 },
    });
  }
  if (t.keepMetadata) image = image.keepMetadata();
  if (format === "avif") return image.avif({ quality: t.quality, effort: 2 }).toBuffer();
  if (format === "webp") return image.webp({ quality: t.quality }).toBuffer();
  if (format === "png") return image.png().toBuffer();
  return image.flatten({ background: "#ffffff" }).jpeg({ quality: t.quality, progressive: true }).toBuffer();
}
