import { lazyDeps } from "./lazy-deps";
import type { ValidateOptions, ValidationResult } from "./upload-types";

/**
 * Checks a file before any network request, the way Cloudflare Images will after the upload: size, real format
 * (sniffed from the bytes, so an HTML page renamed `.jpg` is refused), dimensions and pixel count from the header
 * (no decoding), truncation, scripts in SVG, and the metadata's JSON size. Resolves `{ ok: true, info }` or
 * `{ ok: false, errors }` with every problem found, each with a stable `code` and a message; nothing throws for a
 * bad file. When `options.signal` aborts, rejects with its reason.
 *
 * The checks load on the first call, in a chunk of their own (bundlers split at this `import()`): the format
 * sniffers are a third of the uploader, and a page whose drop zone is never used does not download them. The same
 * function without the deferred load, and the sniffers themselves, are in `@darkroom/core/validate`.
 */
export const validateFile = async (
  file: Blob & { name?: string },
  options: ValidateOptions = {},
): Promise<ValidationResult> => (await import("./validate")).validateFile(file, options, lazyDeps);
