/** Image formats Cloudflare Images accepts for hosted images. */
export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "svg" | "avif" | "heic";

const startsWith = (bytes: Buffer, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);

/**
 * Detects the format from the bytes themselves (magic numbers), never from a file name or declared MIME type.
 * Returns null for anything else (HTML, text, PDF, ...).
 */
export function sniffFormat(bytes: Buffer): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  const head = bytes.subarray(0, 12).toString("latin1");
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) return "gif";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "webp";
  if (head.slice(4, 8) === "ftyp") return isobmffFormat(bytes);
  return isSvg(bytes) ? "svg" : null;
}

/** AVIF or HEIC from an ISO-BMFF `ftyp` box: the major brand, then the compatible brands. */
function isobmffFormat(bytes: Buffer): ImageFormat | null {
  const size = Math.min(bytes.length >= 4 ? bytes.readUInt32BE(0) : 0, bytes.length, 256);
  const brands: string[] = [bytes.subarray(8, 12).toString("latin1")];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(bytes.subarray(at, at + 4).toString("latin1"));
  if (brands.some((b) => b === "avif" || b === "avis")) return "avif";
  if (brands.some((b) => ["heic", "heix", "heim", "heis", "hevc", "hevx"].includes(b))) return "heic";
  return null;
}

/** An XML document whose root element is `<svg>` (after an optional BOM, XML declaration, comments, doctype). */
function isSvg(bytes: Buffer): boolean {
  let text = bytes.subarray(0, 4096).toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const prolog = /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE\s+svg[^>]*>\s*)*/i;
  const rest = text.replace(prolog, "");
  return /^<svg[\s>]/i.test(rest);
}

/** The MIME type of a format. */
export function mimeOf(format: ImageFormat): string {
  return format === "svg" ? "image/svg+xml" : `image/${format}`;
}
