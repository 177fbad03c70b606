import type { LazyDeps } from "./lazy-deps";
import { countFrames, jpegScanDamaged, sniffImage, walkJpeg } from "./sniff";
import { svgHasScript } from "./svg-script";
import type {
  FileError,
  FileErrorCode,
  FileErrorContext,
  FileErrorMessages,
  ImageFormat,
  ImageInfo,
  ResolvedLimits,
  SniffResult,
  ValidateOptions,
  ValidationResult,
} from "./upload-types";

/** Header windows read in turn while the header is longer than what was read (JPEG metadata can be large). */
const WINDOWS = [64 * 1024, 1024 * 1024];
/** How far from the end the end markers are looked for. */
const TAIL = 64 * 1024;

const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: "JPEG",
  png: "PNG",
  gif: "GIF",
  webp: "WebP",
  avif: "AVIF",
  heic: "HEIC",
  svg: "SVG",
};
const MIME: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  heic: "image/heic",
  svg: "image/svg+xml",
};
const EXTENSIONS: Record<ImageFormat, readonly string[]> = {
  jpeg: ["jpeg", "jpg", "jpe", "jfif"],
  png: ["png"],
  gif: ["gif"],
  webp: ["webp"],
  avif: ["avif"],
  heic: ["heic", "heif"],
  svg: ["svg"],
};

const MB = 1024 * 1024;
const formatSize = (bytes: number, limit: number): string => {
  const unit = Math.max(bytes, limit) >= MB ? MB : 1024;
  const suffix = unit === MB ? "MB" : "KB";
  const shown = (n: number) => `${Number((n / unit).toFixed(1))} ${suffix}`;
  // When rounding hides the difference (10.01 MB vs 10 MB), give exact byte counts instead.
  return shown(bytes) === shown(limit)
    ? `${bytes.toLocaleString("en-US")} bytes; the limit is ${limit.toLocaleString("en-US")} bytes`
    : `${shown(bytes)}; the limit is ${shown(limit)}`;
};
/** "JPEG, PNG or SVG": the accepted formats, by name. */
const accepted = (limits: ResolvedLimits) => {
  const names = (Object.keys(FORMAT_NAMES) as ImageFormat[])
    .filter((f) => formatAccepted(f, limits.accept))
    .map((f) => FORMAT_NAMES[f]);
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`
    : (names[0] ?? "no");
};
/** What the bytes are, when they are not an image that can be uploaded. */
const DETECTED: Record<string, string> = {
  html: "an HTML page",
  xml: "an XML document",
  json: "a JSON file",
  text: "a text file",
  pdf: "a PDF document",
  zip: "a ZIP archive",
  gzip: "a gzip archive",
  bmp: "a BMP image, a format Cloudflare Images does not take",
  tiff: "a TIFF image, a format Cloudflare Images does not take",
  ico: "an icon file",
  psd: "a Photoshop document",
  executable: "a program",
  audio: "an audio file",
  video: "a video",
  riff: "a RIFF media file",
};
const px = (n: number) => n.toLocaleString("en-US");
const formatName = (c: FileErrorContext) =>
  c.info ? FORMAT_NAMES[c.info.format] : (FORMAT_NAMES[c.detected as ImageFormat] ?? "image");

/** The English messages; each says what is wrong and what to do. */
export const defaultFileErrorMessages: FileErrorMessages = {
  "file-empty": (c) => `${c.name} is empty (0 bytes). Choose the file again, or another one.`,
  "file-too-large": (c) =>
    `${c.name} is ${formatSize(c.size, c.limits.maxBytes)}. Choose a smaller file or enable downscaling.`,
  "file-invalid-type": (c) =>
    c.info
      ? `${c.name} is in ${formatName(c)} format, which is not accepted here. Choose an image in ${accepted(c.limits)} format.`
      : `${c.name} is not an image that can be uploaded: it is ${DETECTED[c.detected ?? ""] ?? "a file of unknown type"}. Choose an image in ${accepted(c.limits)} format.`,
  "file-corrupt": (c) =>
    `${c.name} has a ${formatName(c)} signature but its header is damaged. Export or save it again, then retry.`,
  "file-truncated": (c) =>
    `${c.name} is incomplete: its ${formatName(c)} data ends early. It may not have finished downloading or copying; get a complete copy and retry.`,
  "dimensions-too-large": (c) =>
    `${c.name} is ${px(c.info?.width ?? 0)} × ${px(c.info?.height ?? 0)} pixels; no side may exceed ${px(c.limits.maxSide)}. Resize it and retry.`,
  "too-many-pixels": (c) => {
    const { width = 0, height = 0, frames = 1 } = c.info ?? {};
    const total = width * height * frames;
    const mp = (n: number) => Number((n / 1e6).toFixed(1));
    // When rounding hides the difference (100.04 vs 100 megapixels), give exact pixel counts instead.
    const amounts =
      mp(total) === mp(c.limits.maxPixels)
        ? `${px(total)} pixels; the limit is ${px(c.limits.maxPixels)}`
        : `${mp(total)} megapixels; the limit is ${mp(c.limits.maxPixels)}`;
    return frames > 1
      ? `${c.name} is ${px(width)} × ${px(height)} pixels × ${frames} frames = ${amounts} over all frames. Shorten or resize the animation and retry.`
      : `${c.name} is ${amounts}. Resize it and retry.`;
  },
  "svg-script": (c) =>
    `${c.name} contains scripts (a <script>, an on… event handler or a javascript: link), which are not allowed in SVG uploads. Remove them or export it as PNG.`,
  "metadata-too-large": (c) =>
    `The metadata for ${c.name} is ${c.metadataBytes} bytes as JSON; the limit is ${c.limits.maxMetadataBytes}. Shorten it.`,
  "metadata-invalid": (c) =>
    `The metadata for ${c.name} cannot be written as JSON (it has a cycle or a value such as a BigInt). Pass plain data.`,
};

/** Whether `format` matches an `accept` entry: a format name, an extension or a MIME type (`image/*` too). */
export function formatAccepted(format: ImageFormat, accept: readonly string[] | undefined): boolean {
  if (!accept) return true;
  return accept.some((entry) => {
    const a = entry.trim().toLowerCase();
    if (a === "*" || a === "*/*" || a === "image/*" || a === MIME[format] || a === format) return true;
    if (format === "heic" && a === "image/heif") return true;
    return EXTENSIONS[format].includes(a.replace(/^\./, ""));
  });
}

/**
 * Files up to this size are read once, whole: in Chromium each `Blob.slice` blocks the main thread for about a
 * millisecond (a round trip to the browser's blob registry), more than reading a few hundred KB costs.
 */
const READ_WHOLE = 512 * 1024;
/** Whole files being validated, dropped when their validation ends. */
const wholeFiles = new WeakMap<Blob, Promise<ArrayBuffer>>();

/** Bytes `start`–`end` of `file` (fewer at its end). */
async function read(file: Blob, start: number, end: number): Promise<Uint8Array> {
  if (file.size > READ_WHOLE) return new Uint8Array(await file.slice(start, end).arrayBuffer());
  let whole = wholeFiles.get(file);
  if (!whole) {
    whole = file.arrayBuffer();
    wholeFiles.set(file, whole);
  }
  return new Uint8Array(await whole).subarray(start, end);
}

/** Sniffs the header, reading more of the file only while the header runs past what was read. */
async function sniffFile(file: Blob, readLimit: number): Promise<{ sniff: SniffResult; head: Uint8Array }> {
  let head: Uint8Array = new Uint8Array(0);
  let sniff: SniffResult = { ok: false, reason: "unknown-format" };
  for (const window of [...WINDOWS, readLimit]) {
    const end = Math.min(file.size, Math.max(window, head.length));
    if (end <= head.length) break;
    head = await read(file, 0, end);
    sniff = sniffImage(head);
    if (sniff.ok || sniff.reason !== "truncated") break;
  }
  return { sniff, head };
}

const endsWith = (b: Uint8Array, sig: readonly number[]) =>
  b.length >= sig.length && sig.every((v, k) => b[b.length - sig.length + k] === v);
const trimZeros = (b: Uint8Array) => {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
};
const IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const be32 = (b: Uint8Array, i: number) =>
  (b[i] as number) * 16777216 +
  (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));

/** Whether a top-level ISO-BMFF box (AVIF, HEIC) ends past the end of the file; reads 16 bytes per box. */
async function boxPastEnd(file: Blob, head: Uint8Array): Promise<boolean> {
  let at = 0;
  for (let count = 0; count < 64 && at < file.size; count++) {
    const header = at + 16 <= head.length ? head.subarray(at, at + 16) : await read(file, at, at + 16);
    if (header.length < 8) return true;
    let size = be32(header, 0);
    if (size === 1) size = header.length < 16 ? Number.NaN : be32(header, 8) * 4294967296 + be32(header, 12);
    if (size === 0) return false; // the last box, running to the end of the file
    if (!(size >= 8)) return true;
    at += size;
  }
  return at > file.size;
}

/**
 * What can be told cheaply and honestly from the head and the last 64 KB: a JPEG must reach its scan data and
 * have an `FFD9` after it in the last 64 KB, unless its metadata declares an appended motion-photo video or it
 * ends with Samsung's `SEFT` trailer (other data over 64 KB appended after the image reads as truncation); a PNG
 * must end with its `IEND` chunk and a GIF with its `3B` trailer; a WebP must be as long as its RIFF header says,
 * and an AVIF or HEIC as long as its top-level boxes say. Anything that would need decoding (a JPEG scan cut and
 * padded with a fake end marker) is left to the server.
 */
async function isTruncated(file: Blob, info: ImageInfo, head: Uint8Array): Promise<boolean> {
  if (info.format === "webp")
    return new DataView(head.buffer, head.byteOffset).getUint32(4, true) + 8 > file.size;
  if (info.format === "avif" || info.format === "heic") return boxPastEnd(file, head);
  if (info.format === "svg") return false;
  const tail = trimZeros(await read(file, Math.max(0, file.size - TAIL), file.size));
  if (info.format === "png") return !endsWith(tail, IEND);
  if (info.format === "gif") return !endsWith(tail, [0x3b]);
  const { scanStart } = walkJpeg(head);
  if (scanStart < 0 && head.length === file.size) return true;
  // FF D9 cannot occur inside entropy-coded data (FF there is followed by 00 or a restart marker), so one after
  // the scan start ends the image, and what follows is appended data. Before the scan it may be the end of the
  // EXIF thumbnail, so it does not count.
  const tailStart = file.size - Math.min(file.size, TAIL);
  const after = scanStart >= 0 ? scanStart : head.length;
  for (let i = tail.length - 2; i >= 0 && tailStart + i >= after; i--)
    if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
  const latin1 = new TextDecoder("latin1");
  const motionPhoto = /MotionPhoto|MicroVideo/.test(latin1.decode(head));
  return !motionPhoto && latin1.decode(tail.subarray(-4)) !== "SEFT";
}

export { svgHasScript } from "./svg-script";

function metadataSize(metadata: unknown): number | undefined {
  try {
    const json = JSON.stringify(metadata);
    return json === undefined ? undefined : new TextEncoder().encode(json).length;
  } catch {
    return undefined;
  }
}

/**
 * Checks a file before any network request, the way Cloudflare Images will after the upload: size, real format
 * (sniffed from the bytes, so an HTML page renamed `.jpg` is refused), dimensions and pixel count from the header
 * (a small file claiming 120 megapixels is refused without decoding it), truncation, scripts in SVG, and the
 * metadata's JSON size. Reads the first 64 KB (more only when a JPEG's metadata is larger), the last 64 KB of a
 * JPEG, PNG or GIF, 16 bytes per top-level AVIF/HEIC box, and the whole of an SVG. Every problem found is
 * returned, each with a stable code; nothing throws for a bad file. When `options.signal` is aborted (a newer drop
 * replaced this one), the promise rejects with the signal's reason instead.
 */
export async function validateFile(
  file: Blob & { name?: string },
  options: ValidateOptions,
  deps: LazyDeps,
): Promise<ValidationResult> {
  try {
    return await checkFile(file, options, deps);
  } finally {
    wholeFiles.delete(file);
  }
}

async function checkFile(
  file: Blob & { name?: string },
  options: ValidateOptions,
  { displayName, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_METADATA_BYTES, MAX_UPLOAD_BYTES }: LazyDeps,
): Promise<ValidationResult> {
  const limits: ResolvedLimits = {
    maxBytes: options.maxBytes ?? MAX_UPLOAD_BYTES,
    maxSide: options.maxSide ?? MAX_IMAGE_SIDE,
    maxPixels: options.maxPixels ?? MAX_IMAGE_PIXELS,
    maxMetadataBytes: options.maxMetadataBytes ?? MAX_METADATA_BYTES,
    accept: options.accept,
  };
  const context: FileErrorContext = {
    name: file.name ? displayName(file.name) : "This file",
    size: file.size,
    limits,
  };
  options.signal?.throwIfAborted();
  const codes: FileErrorCode[] = [];
  const add = (code: FileErrorCode) => codes.push(code);
  // Messages are written last, so each sees everything that was learnt (a too-large file's format, too).
  const refused = (): ValidationResult => ({
    ok: false,
    errors: codes.map((code): FileError => {
      const message = options.messages?.[code] ?? defaultFileErrorMessages[code];
      return { code, message: message(context) };
    }),
  });

  if (options.metadata !== undefined) {
    context.metadataBytes = metadataSize(options.metadata);
    if (context.metadataBytes === undefined) add("metadata-invalid");
    else if (context.metadataBytes > limits.maxMetadataBytes) add("metadata-too-large");
  }
  if (file.size === 0) {
    add("file-empty");
    return refused();
  }
  const tooLarge = file.size > limits.maxBytes;
  if (tooLarge) add("file-too-large");

  const { sniff, head } = await sniffFile(file, tooLarge ? (WINDOWS[1] ?? 0) : file.size);
  options.signal?.throwIfAborted();
  if (!sniff.ok) {
    context.detected = sniff.detected ?? sniff.format;
    if (sniff.reason === "truncated" && head.length === file.size) add("file-truncated");
    else if (sniff.reason === "corrupt") add("file-corrupt");
    else if (sniff.reason !== "truncated") add("file-invalid-type");
    return refused();
  }
  const info: ImageInfo = { format: sniff.format, width: sniff.width, height: sniff.height };
  context.info = info;
  context.detected = info.format;

  // Animated GIF and WebP frames count towards the pixel limit; counting them needs the whole file.
  const animatedWebp = info.format === "webp" && head[15] === 0x58 && ((head[20] as number) & 2) !== 0;
  if (!tooLarge && (info.format === "gif" || animatedWebp)) {
    const whole = head.length === file.size ? head : await read(file, 0, file.size);
    const frames = countFrames(whole, info.format);
    if (frames > 1) info.frames = frames;
  }

  if (!formatAccepted(info.format, limits.accept)) add("file-invalid-type");
  // SVG is vector: Cloudflare serves it as sent, so its declared size is not a decoding cost.
  if (info.format !== "svg") {
    if (info.width > limits.maxSide || info.height > limits.maxSide) add("dimensions-too-large");
    if (info.width * info.height * (info.frames ?? 1) > limits.maxPixels) add("too-many-pixels");
  }
  if (!tooLarge) {
    if (info.format === "svg") {
      const text = new TextDecoder("utf-8").decode(await read(file, 0, file.size));
      if (svgHasScript(text)) add("svg-script");
    } else if (await isTruncated(file, info, head)) add("file-truncated");
    else if (info.format === "jpeg" && jpegScanDamaged(head, walkJpeg(head).scanStart)) add("file-corrupt");
  }
  options.signal?.throwIfAborted();
  return codes.length ? refused() : { ok: true, info };
}
