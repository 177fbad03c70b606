// `@darkroom/core/validate`: the file checks, the format sniffers and the image measurer, loaded as they are (the
// main entry loads `validateFile` and `preprocessImage` on their first call instead).
import { lazyDeps } from "./lazy-deps";
import { preprocessImage as preprocessWith } from "./preprocess";
import type { PreprocessedImage, PreprocessOptions } from "./preprocess-types";
import type { ValidateOptions, ValidationResult } from "./upload-types";
import { validateFile as validateWith } from "./validate";

export { countFrames, sniffImage } from "./sniff";
export { defaultFileErrorMessages, formatAccepted, svgHasScript } from "./validate";

/** `validateFile` of the main entry, without its deferred load: see there. */
export const validateFile = (
  file: Blob & { name?: string },
  options: ValidateOptions = {},
): Promise<ValidationResult> => validateWith(file, options, lazyDeps);

/** `preprocessImage` of the main entry, without its deferred load: see there. */
export const preprocessImage = (file: Blob, options: PreprocessOptions = {}): Promise<PreprocessedImage> =>
  preprocessWith(file, options, lazyDeps);
