import { lazyDeps } from "./lazy-deps";
import type { PreprocessedImage, PreprocessOptions } from "./preprocess-types";

/**
 * Measures an image before upload: its size as displayed (EXIF orientation applied), a BlurHash, and optionally a
 * smaller copy (`downscale`), decoded in a Web Worker with `OffscreenCanvas`, falling back to the main thread and
 * then to the file header. A page with a CSP needs `worker-src blob:`. Rejects with a `PreprocessError` when
 * neither the pixels nor the header can be read, and with the signal's reason when `options.signal` aborts.
 *
 * The worker's source and the BlurHash encoder load on the first call, in a chunk of their own, so they are not
 * part of the page's first download. The same function without the deferred load is in `@darkroom/core/validate`.
 */
export const preprocessImage = async (
  file: Blob,
  options: PreprocessOptions = {},
): Promise<PreprocessedImage> => (await import("./preprocess")).preprocessImage(file, options, lazyDeps);
