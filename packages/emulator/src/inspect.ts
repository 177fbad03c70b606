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
 * The size a GIF declares: its logical screen, which browsers draw at, or the frame size sharp reports when that
 * is larger. sharp reports the frame only, so a 4 × 4 frame on a 50,000 × 50,000 screen would pass unseen.
 */
function gifSize(bytes: Buffer, meta: Metadata): { width: number; height: number } {
  const screen =
    bytes.length >= 10 ? { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) } : undefined;
  return {
    width: Math.max(screen?.width ?? 0, meta.width ?? 0),
    height: Math.max(screen?.height ?? 0, meta.pageHeight ?? meta.height ?? 0),
  };
}

/**
 * Checks an upload the way the service does: the format comes from the magic numbers, the dimensions from the
 * header only (so a decompression bomb is refused before any pixel is decoded), and only then is a small decode
 * run so truncated or corrupt files are refused too. JPEG decoding fails on libjpeg's warnings, which is how it
 * reports corrupt entropy-coded data ("bad Huffman code"); other formats fail on errors. SVG is vector and served
 * as sent, so it only has to parse: its declared size is no decoding cost (as in `validateFile`).
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
  const { width, height } =
    format === "gif"
      ? gifSize(bytes, meta)
      : { width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  if (!width || !height) throw unsupportedFormat();
  if (format === "svg") return { format, width, height };
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new CfError(400, 5400, `Bad Request: image dimensions exceed ${MAX_SIDE} px`);
  }
  if (width * height * (meta.pages ?? 1) > MAX_PIXELS) {
    throw new CfError(400, 5400, "Bad Request: image area exceeds 100 megapixels");
  }
  try {
    const failOn = format === "jpeg" ? "warning" : "error";
    await sharp(bytes, { failOn, limitInputPixels: MAX_PIXELS }).resize(16, 16, { fit: "inside" }).toBuffer();
  } catch {
    throw unsupportedFormat();
  }
  return { format, width, height };
}
