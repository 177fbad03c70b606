import { displayName } from "./filename";
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_METADATA_BYTES, MAX_UPLOAD_BYTES } from "./limits";
import { PreprocessError } from "./preprocess-error";

/**
 * What the on-demand checks (`validate.ts`, `preprocess.ts`) share with the rest of core, handed to them by their
 * callers instead of imported. A module that a lazy chunk and the main entry both import ends up in a chunk of its
 * own that esbuild's code splitting loads up front even on a page that only renders images; with this the lazy
 * modules import nothing the main entry reaches.
 */
export const lazyDeps = {
  displayName,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  MAX_METADATA_BYTES,
  MAX_UPLOAD_BYTES,
  PreprocessError,
};

/** The type the on-demand modules take their shared pieces as. */
export type LazyDeps = typeof lazyDeps;
