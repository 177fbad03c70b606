import sharp from "sharp";
import { CfError } from "./errors";
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
const ALIASES: Record<string, string> = { w: "width", h: "height", q: "quality", f: "format" };

/** 400 / 9401: missing or invalid resizing parameters. */
const badOptions = (why: string) => new CfError(400, 9401, `Missing or invalid resizing parameters: ${why}`);

/** A named variant's options as a transform. */
export function fromVariant(options: VariantOptions): Transform {
  const { fit, width, height, metadata } = options;
  return { fit, width, height, quality: 85, keepMetadata: metadata === "keep" };
}

/**
 * Parses a flexible variant string (`w=400,h=300,fit=cover,q=75,f=webp`). Supported: width/w, height/h, fit,
 * quality/q, format/f, dpr (≤ 2, multiplies width and height), metadata; other documented options are ignored.
 */
export function parseFlexible(text: string): Transform {
  const t: Transform = { fit: "scale-down", quality: 85, keepMetadata: false };
  let dpr = 1;
  for (const part of text.split(",")) {
    const [raw, value, extra] = part.split("=");
    if (!raw || value === undefined || value === "" || extra !== undefined) throw badOptions(part);
    const key = ALIASES[raw] ?? raw;
    const n = Number(value);
    if (key === "width" || key === "height") {
      if (!Number.isInteger(n) || n < 1 || n > 12_000) throw badOptions(`${key}=${value}`);
      t[key] = n;
    } else if (key === "fit") {
      if (!FITS.includes(value)) throw badOptions(`fit=${value}`);
      t.fit = value as Transform["fit"];
    } else if (key === "quality") {
      const q = QUALITY_WORDS[value] ?? n;
      if (!Number.isInteger(q) || q < 1 || q > 100) throw badOptions(`quality=${value}`);
      t.quality = q;
    } else if (key === "format") {
      if (value === "auto") t.format = undefined;
      else if (["avif", "webp", "jpeg", "png"].includes(value)) t.format = value as OutputFormat;
      else if (value === "baseline-jpeg") t.format = "jpeg";
      else throw badOptions(`format=${value}`);
    } else if (key === "dpr") {
      if (!(n > 0 && n <= 2)) throw badOptions(`dpr=${value}`);
      dpr = n;
    } else if (key === "metadata") {
      t.keepMetadata = value === "keep";
    }
  }
  if (t.width) t.width = Math.round(t.width * dpr);
  if (t.height) t.height = Math.round(t.height * dpr);
  return t;
}

/** Cloudflare caps AVIF output at 1,200 px per side and serves the next format the browser accepts above that. */
const AVIF_MAX_SIDE = 1200;

/** The largest side `render` will produce for an original of `width` × `height`. */
export function outputSide(t: Transform, width: number, height: number): number {
  if (!t.width && !t.height) return Math.max(width, height);
  if (t.fit === "cover" || t.fit === "pad" || (t.fit === "crop" && t.width && t.height)) {
    const crop = Math.max(t.width ?? 0, t.height ?? 0);
    return t.fit === "crop" ? Math.min(crop, Math.max(width, height)) : crop;
  }
  const scale = Math.min((t.width ?? Infinity) / width, (t.height ?? Infinity) / height);
  const enlarge = t.fit === "contain";
  return Math.round(Math.max(width, height) * (enlarge ? scale : Math.min(scale, 1)));
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
  let image = sharp(bytes, { failOn: "none" }).rotate();
  if (t.width || t.height) {
    const enlarge = t.fit === "contain" || t.fit === "cover" || t.fit === "pad";
    const fit = t.fit === "cover" || t.fit === "crop" ? "cover" : t.fit === "pad" ? "contain" : "inside";
    image = image.resize({
      width: t.width,
      height: t.height,
      fit,
      withoutEnlargement: !enlarge,
      background: { r: 255, g: 255, b: 255, alpha: 1 },
    });
  }
  if (t.keepMetadata) image = image.keepMetadata();
  if (format === "avif") return image.avif({ quality: t.quality, effort: 2 }).toBuffer();
  if (format === "webp") return image.webp({ quality: t.quality }).toBuffer();
  if (format === "png") return image.png().toBuffer();
  return image.flatten({ background: "#ffffff" }).jpeg({ quality: t.quality, progressive: true }).toBuffer();
}
