import type { ImageFormat, SniffFailure, SniffResult } from "./upload-types";

const u16be = (b: Uint8Array, i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
const u16le = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] as number) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 0x10000;
const ascii = (b: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, k) => b[at + k] === v);

const fail = (reason: SniffFailure["reason"], format?: ImageFormat): SniffFailure =>
  format ? { ok: false, reason, format } : { ok: false, reason };
const notImage = (detected: string): SniffFailure => ({ ok: false, reason: "not-an-image", detected });

function measured(format: ImageFormat, width: number, height: number): SniffResult {
  return width > 0 && height > 0 ? { ok: true, format, width, height } : fail("corrupt", format);
}

/**
 * Whether the entropy-coded data after `scanStart` (up to the end of the image or of `b`) holds an `FF` that no
 * JPEG can have there: inside a scan `FF` is followed by `00` (a stuffed byte), `FF` (fill) or a restart marker,
 * and between the scans of a progressive JPEG by a marker from `C0` up; `FF 01`–`FF BF` and a second `FF D8`
 * are damage. Random bytes in place of the scan (a damaged or forged file) show it within a few hundred bytes,
 * without decoding anything.
 */
export function jpegScanDamaged(b: Uint8Array, scanStart: number): boolean {
  for (let i = Math.max(scanStart, 2); i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1] as number;
    if (next === 0xd9) return false; // end of image: what follows is appended data
    if (next === 0xd8 || (next >= 0x01 && next <= 0xbf)) return true;
  }
  return false;
}

/** Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Walks JPEG marker segments from SOI. Returns the dimensions at the first SOFn and the offset of the scan data
 * after SOS (or -1 when the bytes end first). Every step moves forward, so the walk ends on any input.
 */
export function walkJpeg(b: Uint8Array): { result: SniffResult; scanStart: number } {
  let size: SniffResult | undefined;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return { result: size ?? fail("corrupt", "jpeg"), scanStart: -1 };
    while (b[i] === 0xff) i++; // fill bytes: any number of FF may precede a marker
    if (i >= b.length) break;
    const marker = b[i++] as number;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length field
    if (marker === 0xd9 || marker === 0xd8 || marker === 0x00)
      return { result: size ?? fail("corrupt", "jpeg"), scanStart: -1 };
    if (i + 2 > b.length) break;
    const length = u16be(b, i);
    if (length < 2) return { result: size ?? fail("corrupt", "jpeg"), scanStart: -1 };
    if (isSof(marker) && !size) {
      if (i + 7 > b.length) break;
      size = measured("jpeg", u16be(b, i + 5), u16be(b, i + 3));
    }
    if (marker === 0xda) {
      const scanStart = i + length;
      return { result: size ?? fail("corrupt", "jpeg"), scanStart: scanStart <= b.length ? scanStart : -1 };
    }
    i += length;
  }
  return { result: size ?? fail("truncated", "jpeg"), scanStart: -1 };
}

function sniffPng(b: Uint8Array): SniffResult {
  if (b.length < 24) return fail("truncated", "png");
  if (ascii(b, 12, 16) !== "IHDR") return fail("corrupt", "png");
  return measured("png", u32be(b, 16), u32be(b, 20));
}

function sniffWebp(b: Uint8Array): SniffResult {
  const chunk = ascii(b, 12, 16);
  if (chunk.length < 4) return fail("truncated", "webp");
  if (chunk === "VP8 ") {
    if (b.length < 30) return fail("truncated", "webp");
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return fail("corrupt", "webp");
    return measured("webp", u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (b.length < 25) return fail("truncated", "webp");
    if (b[20] !== 0x2f) return fail("corrupt", "webp");
    const bits = u16le(b, 21) + u16le(b, 23) * 0x10000;
    return measured("webp", (bits & 0x3fff) + 1, (Math.floor(bits / 0x4000) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    if (b.length < 30) return fail("truncated", "webp");
    return measured("webp", u24le(b, 24) + 1, u24le(b, 27) + 1);
  }
  return fail("corrupt", "webp");
}

interface Box {
  type: string;
  /** Offset of the payload. */
  body: number;
  /** Offset just past the box, which may be past the bytes we have. */
  end: number;
}

/** ISO-BMFF boxes from `start` to `end` (or the end of the bytes); each step moves forward by 8 bytes or more. */
function* boxes(b: Uint8Array, start: number, end: number): Generator<Box | "truncated" | "corrupt"> {
  let i = start;
  while (i < Math.min(end, b.length)) {
    if (i + 8 > b.length) return yield "truncated";
    let size = u32be(b, i);
    let body = i + 8;
    if (size === 1) {
      if (i + 16 > b.length) return yield "truncated";
      size = u32be(b, i + 8) * 0x100000000 + u32be(b, i + 12);
      body = i + 16;
    } else if (size === 0) size = end - i;
    if (size < body - i) return yield "corrupt";
    yield { type: ascii(b, i + 4, i + 8), body, end: Math.min(i + size, end) };
    i += size;
  }
}

/** The first box of `type` from `start` to `end`; missing is `truncated` when the bytes end before `end` does. */
function child(b: Uint8Array, start: number, end: number, type: string): Box | "truncated" | "corrupt" {
  for (const box of boxes(b, start, end)) {
    if (typeof box === "string") return box;
    if (box.type === type) return box;
  }
  return end >= b.length ? "truncated" : "corrupt";
}

function sniffHeif(b: Uint8Array, format: ImageFormat): SniffResult {
  const ftyp = u32be(b, 0);
  const meta = child(b, ftyp, Infinity, "meta");
  if (typeof meta === "string") return fail(meta, format);
  const iprp = child(b, meta.body + 4, meta.end, "iprp");
  if (typeof iprp === "string") return fail(iprp, format);
  const ipco = child(b, iprp.body, iprp.end, "ipco");
  if (typeof ipco === "string") return fail(ipco, format);
  // Several `ispe` boxes describe the primary image, its thumbnails and grid tiles. The largest is the image
  // (a grid's canvas contains its tiles) and is the one that matters for the pixel limits.
  let width = 0;
  let height = 0;
  for (const box of boxes(b, ipco.body, ipco.end)) {
    if (typeof box === "string") return fail(box, format);
    if (box.type !== "ispe") continue;
    if (box.body + 12 > b.length) return fail("truncated", format);
    const w = u32be(b, box.body + 4);
    const h = u32be(b, box.body + 8);
    if (w * h > width * height) [width, height] = [w, h];
  }
  return measured(format, width, height);
}

const AVIF_BRANDS = ["avif", "avis"];
const HEIC_BRANDS = ["heic", "heix", "heim", "heis", "hevc", "hevx", "heif", "mif1", "msf1"];

function heifFormat(b: Uint8Array): ImageFormat | "video" {
  const size = Math.min(u32be(b, 0), b.length, 256);
  const brands = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(b, i, i + 4));
  if (brands.some((x) => AVIF_BRANDS.includes(x))) return "avif";
  if (brands.some((x) => HEIC_BRANDS.includes(x))) return "heic";
  return "video";
}

/** WHATWG MIME sniffing's HTML openers, `<` + one of these + a space or `>` (after comments are skipped). */
const HTML_TAGS =
  /^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[\s>]/i;

/** Skips a BOM, whitespace, `<?xml …?>`, comments and a DOCTYPE, the prologue an SVG may start with. */
function skipProlog(text: string): string {
  let rest = text.replace(/^\uFEFF/, "");
  const past = (token: string) => {
    const at = rest.indexOf(token);
    return at < 0 ? "" : rest.slice(at + token.length);
  };
  for (let step = 0; step < 64; step++) {
    const before = rest;
    rest = rest.trimStart();
    if (rest.startsWith("<?xml")) rest = past("?>");
    else if (rest.startsWith("<!--")) rest = past("-->");
    else if (/^<!doctype svg/i.test(rest)) rest = past(">");
    if (rest === before) break;
  }
  return rest;
}

function svgLength(tag: string, name: string): number | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)\\s*(px)?\\s*["']`, "i").exec(tag);
  const value = m ? Number(m[1]) : Number.NaN;
  return value > 0 && value < Infinity ? Math.round(value) : undefined;
}

function sniffText(b: Uint8Array): SniffResult {
  const text = new TextDecoder("utf-8").decode(b.subarray(0, 65536));
  const rest = skipProlog(text);
  if (/^<svg[\s>/]/i.test(rest)) {
    const close = rest.indexOf(">");
    if (close < 0) return fail("truncated", "svg");
    const tag = rest.slice(0, close);
    const box = /\sviewBox\s*=\s*["']\s*[-0-9.e]+[\s,]+[-0-9.e]+[\s,]+([0-9.e]+)[\s,]+([0-9.e]+)/i.exec(tag);
    const viewWidth = box ? Math.round(Number(box[1])) : 0;
    const viewHeight = box ? Math.round(Number(box[2])) : 0;
    const width = svgLength(tag, "width") ?? (viewWidth > 0 ? viewWidth : 300);
    const height = svgLength(tag, "height") ?? (viewHeight > 0 ? viewHeight : 150);
    return { ok: true, format: "svg", width, height };
  }
  if (HTML_TAGS.test(rest) || /^<!doctype html/i.test(rest)) return notImage("html");
  if (rest.startsWith("<?xml") || rest.startsWith("<")) return notImage("xml");
  if (rest.startsWith("{") || rest.startsWith("[")) return notImage("json");
  // Text if the first bytes hold no control characters other than tab, newline and carriage return.
  const head = b.subarray(0, 512);
  if (head.every((c) => c >= 0x20 || c === 9 || c === 10 || c === 13)) return notImage("text");
  return fail("unknown-format");
}

/** Signatures of common files people pick by mistake, named so the message can say what they are. */
const OTHER: readonly [string, readonly number[]][] = [
  ["pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip", [0x1f, 0x8b]],
  ["tiff", [0x49, 0x49, 0x2a, 0x00]],
  ["tiff", [0x4d, 0x4d, 0x00, 0x2a]],
  ["ico", [0x00, 0x00, 0x01, 0x00]],
  ["psd", [0x38, 0x42, 0x50, 0x53]],
  ["executable", [0x4d, 0x5a]],
  ["executable", [0x7f, 0x45, 0x4c, 0x46]],
  ["audio", [0x49, 0x44, 0x33]],
  ["video", [0x1a, 0x45, 0xdf, 0xa3]],
];

/**
 * Reads an image's format from its magic numbers and its dimensions from its header alone: PNG `IHDR`, the GIF
 * logical screen, the first JPEG `SOFn` (walking marker segments), WebP `VP8`/`VP8L`/`VP8X`, and the `ispe`
 * property of AVIF/HEIC. SVG is recognised as text. Nothing is decoded, so a decompression bomb is measured in
 * microseconds. Never throws; the work is linear in `bytes.length` (text sniffing looks at 64 KB at most).
 *
 * Pass the start of the file: 64 KB is enough for almost every image (a JPEG with large metadata may need more,
 * which shows as `reason: "truncated"`).
 */
export function sniffImage(bytes: Uint8Array): SniffResult {
  const b = bytes;
  if (b.length === 0) return fail("unknown-format");
  if (startsWith(b, [0xff, 0xd8, 0xff])) return walkJpeg(b).result;
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return sniffPng(b);
  const head = ascii(b, 0, 6);
  if (head === "GIF87a" || head === "GIF89a")
    return b.length < 10 ? fail("truncated", "gif") : measured("gif", u16le(b, 6), u16le(b, 8));
  if (head.startsWith("RIFF")) {
    if (b.length < 12) return fail("truncated");
    const kind = ascii(b, 8, 12);
    if (kind === "WEBP") return sniffWebp(b);
    return notImage(kind === "WAVE" ? "audio" : kind === "AVI " ? "video" : "riff");
  }
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const format = heifFormat(b);
    return format === "video" ? notImage("video") : sniffHeif(b, format);
  }
  for (const [name, sig] of OTHER) if (startsWith(b, sig)) return notImage(name);
  // "BM" alone starts too many text files; a BMP also has a known DIB header size at offset 14.
  if (startsWith(b, [0x42, 0x4d]) && [12, 40, 52, 56, 64, 108, 124].includes(u32le(b, 14)))
    return notImage("bmp");
  return sniffText(b);
}

/** GIF frames: image descriptors (2C) counted while skipping extensions (21) and their data sub-blocks. */
function gifFrames(b: Uint8Array): number {
  const table = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  let frames = 0;
  let i = 13 + table(b[10] ?? 0);
  while (i < b.length && b[i] !== 0x3b) {
    if (b[i] === 0x21) i += 2;
    else if (b[i] === 0x2c) {
      frames++;
      i += 10 + table(b[i + 9] ?? 0) + 1; // descriptor, local colour table, LZW minimum code size
    } else break;
    while (i < b.length && b[i] !== 0) i += (b[i] as number) + 1;
    i++;
  }
  return Math.max(1, frames);
}

/** WebP frames: `ANMF` chunks among the RIFF chunks, each padded to an even size. */
function webpFrames(b: Uint8Array): number {
  let frames = 0;
  for (let i = 12; i + 8 <= b.length; ) {
    if (ascii(b, i, i + 4) === "ANMF") frames++;
    const size = u32le(b, i + 4);
    i += 8 + size + (size & 1);
  }
  return Math.max(1, frames);
}

/**
 * How many frames an animated GIF or WebP holds (1 for a still image or another format), found by walking its
 * blocks or chunks without decoding. Needs the whole file: frames past the end of `bytes` are not counted.
 * Cloudflare Images sums the pixels of all frames against its 100-megapixel limit.
 */
export function countFrames(bytes: Uint8Array, format: ImageFormat): number {
  if (format === "gif") return gifFrames(bytes);
  if (format === "webp") return webpFrames(bytes);
  return 1;
}
