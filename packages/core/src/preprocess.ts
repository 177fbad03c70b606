import { encodeBlurhash } from "./blurhash-encode";
import type { LazyDeps } from "./lazy-deps";
import { decodeImage } from "./preprocess-decode";
import { readHeader } from "./preprocess-header";
import type {
  DecodeJob,
  DecodeOutcome,
  DownscaleOptions,
  PreprocessedImage,
  PreprocessOptions,
  ResolvedDownscale,
} from "./preprocess-types";
import { PreprocessWorker, WorkerUnavailableError } from "./preprocess-worker";

// The Worker itself starts with the first job: importing this module touches no browser API. Pure, so a bundle
// that never calls preprocessImage drops it.
const worker = /* @__PURE__ */ new PreprocessWorker();

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/webp": "webp", "image/png": "png" };

function resolveDownscale(
  options: DownscaleOptions,
  { MAX_IMAGE_SIDE, MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES }: LazyDeps,
): ResolvedDownscale {
  return {
    maxSide: options.maxSide ?? MAX_IMAGE_SIDE,
    maxPixels: options.maxPixels ?? MAX_IMAGE_PIXELS,
    maxBytes: options.maxBytes ?? MAX_UPLOAD_BYTES,
    type: options.type,
    quality: options.quality ?? 0.9,
  };
}

/** Rejects with the signal's reason as soon as it aborts, else settles like `work`. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** In the worker when there is one; on the main thread when there is none or it cannot run (still async). */
async function decode(job: DecodeJob, signal: AbortSignal | undefined): Promise<DecodeOutcome> {
  try {
    return await worker.run(job, signal);
  } catch (error) {
    if (!(error instanceof WorkerUnavailableError)) throw error;
  }
  try {
    return await abortable(decodeImage(job, encodeBlurhash), signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // No canvas or 2D context here (a runtime with createImageBitmap only): the header will have to do.
    return { ok: false, kind: "internal", message: (error as Error)?.message || String(error) };
  }
}

/** The copy as a `File` named like the original (with the new format's extension) when a `File` came in. */
function named(copy: Blob, original: Blob): Blob {
  if (typeof File !== "function" || !(original instanceof File)) return copy;
  const extension = EXTENSIONS[copy.type];
  const name = extension ? original.name.replace(/(\.[^./\\]*)?$/, `.${extension}`) : original.name;
  return new File([copy], name, { type: copy.type, lastModified: original.lastModified });
}

/**
 * Measures an image before upload, computes its BlurHash and, if asked, makes a copy within Cloudflare's limits,
 * without blocking the main thread: the decode runs in a reused Web Worker (`createImageBitmap` and
 * `OffscreenCanvas`), made from a Blob URL, so a page with a CSP needs `worker-src blob:` for it.
 *
 * Falls back, in order: to the main thread (still an asynchronous decode) when there is no `Worker` or
 * `OffscreenCanvas` or the worker cannot start; then to the file header (`sniffImage`, plus JPEG EXIF
 * orientation) with `blurhash: undefined` where nothing can decode (Node, SSR, Workers, an SVG) or the browser
 * cannot decode this image. Safe to import anywhere: no browser API is touched before the first call.
 *
 * @returns the size as displayed (EXIF orientation applied, as `<img>` and Cloudflare show it), the hash, and the
 *   file to upload: `file` itself, or the smaller copy when `downscale` was given and the image exceeded it.
 * @throws `PreprocessError` when neither the pixels nor the header can be read (not an image, corrupt); the
 *   file can still be uploaded without dimensions. `RangeError` for components outside 1–9. When `signal`
 *   aborts, rejects with its reason (an `AbortError` `DOMException` by default).
 */
export async function preprocessImage(
  file: Blob,
  options: PreprocessOptions,
  deps: LazyDeps,
): Promise<PreprocessedImage> {
  const { signal } = options;
  signal?.throwIfAborted();
  const components = options.components ?? [4, 3];
  if (!components.every((n) => Number.isInteger(n) && n >= 1 && n <= 9))
    throw new RangeError(`BlurHash components must be whole numbers 1–9, got ${components.join("×")}`);
  const { sniff, animated } = await abortable(readHeader(file), signal);
  const fromHeader = (cause?: string): PreprocessedImage => {
    if (sniff.ok)
      return { width: sniff.width, height: sniff.height, blurhash: undefined, file, downscaled: false };
    const what = sniff.detected ? `a ${sniff.detected} file` : `${sniff.reason.replace("-", " ")} image data`;
    throw new deps.PreprocessError(`Cannot read the image: the file holds ${what}.`, sniff.reason, { cause });
  };
  // SVG is left alone: it is vector (no pixel limits to meet) and workers cannot rasterise it.
  if ((sniff.ok && sniff.format === "svg") || typeof createImageBitmap !== "function") return fromHeader();

  const downscale = options.downscale && !animated ? resolveDownscale(options.downscale, deps) : undefined;
  const outcome = await decode({ file, components: [...components], downscale }, signal);
  if (!outcome.ok) return fromHeader(outcome.message);
  const { width, height, blurhash, copy } = outcome;
  return { width, height, blurhash, file: copy ? named(copy, file) : file, downscaled: !!copy };
}
