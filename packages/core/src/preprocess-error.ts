import type { SniffFailureReason } from "./upload-types";

/**
 * `preprocessImage` could read neither the image's pixels nor its header, so it knows no size to report. Nothing
 * else went wrong: an uploader can ignore it and upload the file without dimensions or placeholder (server-side
 * validation will judge the file). `reason` is the header's, `cause` the decoder's error when there was one.
 */
export class PreprocessError extends Error {
  override name = "PreprocessError";
  /** Why the header could not be read: not an image, an unknown format, truncated or corrupt. */
  readonly reason: SniffFailureReason;

  constructor(message: string, reason: SniffFailureReason, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
