import { sniffImage } from "./sniff";
import type { SniffResult } from "./upload-types";

const u16 = (b: Uint8Array, i: number, little: boolean) =>
  little ? (b[i] as number) | ((b[i + 1] as number) << 8) : ((b[i] as number) << 8) | (b[i + 1] as number);
const u32 = (b: Uint8Array, i: number, little: boolean) =>
  little
    ? u16(b, i, true) + u16(b, i + 2, true) * 0x10000
    : u16(b, i, false) * 0x10000 + u16(b, i + 2, false);

/** The Orientation tag (0x0112) of the first IFD of the TIFF structure in `b[start, end)`; 1 when absent. */
function tiffOrientation(b: Uint8Array, start: number, end: number): number {
  if (start + 8 > end) return 1;
  const little = b[start] === 0x49; // "II" little-endian, "MM" big-endian
  const ifd = start + u32(b, start + 4, little);
  if (ifd + 2 > end) return 1;
  const entries = u16(b, ifd, little);
  for (let k = 0; k < entries; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > end) return 1;
    if (u16(b, entry, little) === 0x0112) {
      const value = u16(b, entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * A JPEG's EXIF orientation (1–8) from its APP1 `Exif` segment, 1 when there is none or it cannot be read.
 * Segments are walked from SOI to SOS; every step moves forward, so it ends on any input.
 */
export function jpegOrientation(b: Uint8Array): number {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    while (b[i + 1] === 0xff) i++; // fill bytes before a marker
    const marker = b[i + 1] as number;
    if (marker === 0xda || marker === 0xd9) return 1;
    const length = u16(b, i + 2, false);
    if (length < 2) return 1;
    const end = Math.min(b.length, i + 2 + length);
    const exif = marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 10)) === "Exif\0\0";
    if (exif) return tiffOrientation(b, i + 10, end);
    i += 2 + length;
  }
  return 1;
}

/** What the header tells `preprocessImage`: the size as displayed, and whether a canvas copy would lose frames. */
export interface HeaderInfo {
  sniff: SniffResult;
  /** An animated WebP or AVIF, or any GIF (its frames may come after the bytes read). */
  animated: boolean;
}

/**
 * Reads the start of `file` (64 KB, then 1 MB when the header is longer) and sniffs its format and size, with
 * width and height swapped for the JPEG EXIF orientations that turn the image by 90° (5–8), as it is displayed.
 */
export async function readHeader(file: Blob): Promise<HeaderInfo> {
  let head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  let sniff = sniffImage(head);
  if (!sniff.ok && sniff.reason === "truncated" && file.size > head.length) {
    head = new Uint8Array(await file.slice(0, 1024 * 1024).arrayBuffer());
    sniff = sniffImage(head);
  }
  if (!sniff.ok) return { sniff, animated: false };
  if (sniff.format === "jpeg" && jpegOrientation(head) >= 5)
    sniff = { ...sniff, width: sniff.height, height: sniff.width };
  const brand = String.fromCharCode(...head.subarray(8, 12));
  const animated =
    sniff.format === "gif" ||
    (sniff.format === "webp" &&
      String.fromCharCode(...head.subarray(12, 16)) === "VP8X" &&
      ((head[20] ?? 0) & 2) !== 0) ||
    (sniff.format === "avif" && brand === "avis");
  return { sniff, animated };
}
