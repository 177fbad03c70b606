import sharp, { type Metadata } from "sharp";
import { CfError, unsupportedFormat } from "./errors";
import { type ImageFormat, sniffFormat } from "./sniff";

/** Largest width or height Cloudflare Images accepts. */
export const MAX_SIDE = 12_000;

/** Largest area (summed over animation frames) Cloudflare Images accepts. */
export const MAX_PIXELS = 100_000_000;

/** What the emulator learns about an upload before storing it. */
export interface Inspection {
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * Checks an upload the way the service does: the format comes from the magic numbers, the dimensions from the
 * header only (so a decompression bomb is refused before any pixel is decoded), and only then is a small decode
 * run with `failOn: "truncated"` so truncated or corrupt files are refused too.
 */
export async function inspectImage(bytes: Buffer): Promise<Inspection> {
  const format = sniffFormat(bytes);
  if (!format) throw unsupportedFormat();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupportedFormat();
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw unsupportedFormat();
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new CfError(400, 5400, `Bad Request: image dimensions exceed ${MAX_SIDE} px`);
  }
  if (width * height * (meta.pages ?? 1) > MAX_PIXELS) {
    throw new CfError(400, 5400, "Bad Request: image area exceeds 100 megapixels");
  }
  try {
    await sharp(bytes, { failOn: "truncated" }).resize(16, 16, { fit: "inside" }).toBuffer();
  } catch {
    throw unsupportedFormat();
  }
  return { format, width, height };
}
