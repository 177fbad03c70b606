/** Image formats recognised from their bytes (the formats Cloudflare Images takes as uploads). */
export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "avif" | "heic" | "svg";

/** What the header of an image says: its real format and its size in pixels, read without decoding. */
export interface ImageInfo {
  format: ImageFormat;
  /**
   * Width in pixels. For SVG: the `width` attribute when it is absolute (unitless or `px`), else the `viewBox`
   * width, else 300 (what browsers use for an `<img>` of an SVG without a size).
   */
  width: number;
  /** Height in pixels, read like `width`; for SVG the fallback is 150. */
  height: number;
  /**
   * Frames of an animated GIF or WebP, set by `validateFile` when there is more than one. `sniffImage` reads the
   * header only and leaves it out.
   */
  frames?: number;
}

/**
 * Why `sniffImage` could not describe the bytes.
 * - `not-an-image`: a known non-image type (HTML, PDF, ZIP, video…), named in `detected`.
 * - `unknown-format`: no signature that we know.
 * - `truncated`: an image format (in `format`) whose header ends before its dimensions.
 * - `corrupt`: an image format whose header is malformed (a bad marker, a zero width…).
 */
export type SniffFailureReason = "not-an-image" | "unknown-format" | "truncated" | "corrupt";

/** `sniffImage` result when the bytes do not describe an image it can measure. */
export interface SniffFailure {
  ok: false;
  reason: SniffFailureReason;
  /** The image format, for `truncated` and `corrupt`. */
  format?: ImageFormat;
  /** What the bytes are instead, for `not-an-image`: `"html"`, `"pdf"`, `"zip"`, `"video"`, `"text"`… */
  detected?: string;
}

/** What `sniffImage` returns: the image's format and size, or why there is none. */
export type SniffResult = ({ ok: true } & ImageInfo) | SniffFailure;

/**
 * Stable codes of the reasons a file is refused before upload. Show `FileError.message`, branch on the code.
 * - `file-empty`: 0 bytes.
 * - `file-too-large`: more bytes than `maxBytes`.
 * - `file-invalid-type`: not an image, or a format outside `accept`.
 * - `file-corrupt`: an image signature with a malformed header.
 * - `file-truncated`: the file ends before its header does, or before the format's end marker (JPEG `FFD9`, PNG
 *   `IEND`, GIF `3B`), or is shorter than its WebP, AVIF or HEIC container says.
 * - `dimensions-too-large`: a side longer than `maxSide`.
 * - `too-many-pixels`: width × height, times the frames of an animation, above `maxPixels`.
 * - `svg-script`: an SVG with `<script`, an `on…=` event handler or a `javascript:` URL.
 * - `metadata-too-large`: the metadata, as JSON, is longer than `maxMetadataBytes`.
 * - `metadata-invalid`: the metadata cannot be written as JSON (a cycle, a `BigInt`…).
 */
export type FileErrorCode =
  | "file-empty"
  | "file-too-large"
  | "file-invalid-type"
  | "file-corrupt"
  | "file-truncated"
  | "dimensions-too-large"
  | "too-many-pixels"
  | "svg-script"
  | "metadata-too-large"
  | "metadata-invalid";

/** One reason a file is refused: a stable `code` for programs and a `message` for people. */
export interface FileError {
  code: FileErrorCode;
  message: string;
}

/** The limits `validateFile` applied, every default filled in. */
export interface ResolvedLimits {
  maxBytes: number;
  maxSide: number;
  maxPixels: number;
  maxMetadataBytes: number;
  accept: readonly string[] | undefined;
}

/** Everything a message function may mention. */
export interface FileErrorContext {
  /** The file name made safe to show (see `displayName`), or `"This file"` when the file has none. */
  name: string;
  /** The file's size in bytes. */
  size: number;
  limits: ResolvedLimits;
  /** The format and dimensions, when the header could be read. */
  info?: ImageInfo;
  /** The format named by the bytes when they are not an image (`"html"`, `"pdf"`…), or the image format. */
  detected?: string;
  /** Length of the metadata as UTF-8 JSON. */
  metadataBytes?: number;
}

/** One message function per code, for translation or a different tone. */
export type FileErrorMessages = Record<FileErrorCode, (context: FileErrorContext) => string>;

/** Options of `validateFile`. Every limit defaults to what Cloudflare Images enforces. */
export interface ValidateOptions {
  /** Largest file in bytes. Default 10 MB (10 × 1024 × 1024), Cloudflare's upload limit. */
  maxBytes?: number;
  /** Longest side in pixels. Default 12,000, Cloudflare's limit. */
  maxSide?: number;
  /** Most pixels (width × height × frames). Default 100,000,000 (100 megapixels), Cloudflare's limit. */
  maxPixels?: number;
  /**
   * Formats to take, as format names (`"png"`), extensions (`".jpg"`) or MIME types (`"image/webp"`,
   * `"image/*"`). Matched against the format read from the bytes, never the name or `type`, which anyone can
   * change. Default: every `ImageFormat`.
   */
  accept?: readonly string[];
  /** Metadata to send with the upload; checked against `maxMetadataBytes` when given. */
  metadata?: unknown;
  /** Longest metadata as UTF-8 JSON. Default 1024 bytes, Cloudflare's limit. */
  maxMetadataBytes?: number;
  /** Replacement messages per code; the others keep the English defaults. */
  messages?: Partial<FileErrorMessages>;
  /** Abort to discard the result of a check that is no longer wanted: the promise then rejects. */
  signal?: AbortSignal;
}

/** What `validateFile` resolves to: the image's header facts, or every reason it is refused. */
export type ValidationResult = { ok: true; info: ImageInfo } | { ok: false; errors: FileError[] };
