// The protocol between the browser uploader (`createUploader`, `useUploader`, `<Uploader>`) and the app's upload
// endpoint (`createUploadHandler` in @darkroom/server), defined once and imported by both sides.

/** The JSON body the uploader POSTs to the app's upload endpoint to get a one-time upload URL. */
export interface UploadRequestBody {
  /** The file's name, made safe to show. */
  filename?: string;
  /** The file's size in bytes (required: the endpoint checks it against its limit). */
  size: number;
  /** The file's MIME type (`image/jpeg`, …). */
  type: string;
  /** App metadata to store with the image (at most 1,024 bytes of JSON with `draftKey`, Cloudflare's limit). */
  metadata?: Record<string, unknown>;
  /**
   * The uploader's persistent key for this local draft (1–128 characters of `[A-Za-z0-9_-]`, e.g. a UUID). Stored
   * in the image metadata as `draftKey`; asking again with the same key never stores the image twice.
   */
  draftKey?: string;
  /**
   * The browser provisioned this draft before (a retry, or a draft restored after a reload): for private images the
   * key is then looked up first. Public images need no hint.
   */
  retry?: boolean;
}

/**
 * The endpoint's answer on success: a one-time upload URL for image `id` (valid until `expiresAt`, ISO 8601), or
 * `uploaded: true` when an earlier transfer of the same draft already stored it (nothing to send).
 */
export type UploadEndpointAnswer =
  | { id: string; uploadURL: string; expiresAt: string }
  | { id: string; uploaded: true };

/**
 * The `code` of the endpoint's error answer. `unauthorized` (401) and `forbidden` (403): the user must sign in or
 * lacks permission (not retried, not counted by the circuit breaker); `upstream_error` (502): Cloudflare refused the
 * request, trying again won't help; `upstream_unavailable` (503), `draft_busy` (503) and `rate_limited` (429): try
 * again, after `retryAfter` seconds when given. `unsupported_media_type` (415): the body was not sent as
 * `application/json`; `forbidden` also answers a request from another site's page.
 */
export type UploadErrorCode =
  | "method_not_allowed"
  | "unsupported_media_type"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "body_too_large"
  | "invalid_json"
  | "invalid_body"
  | "draft_conflict"
  | "draft_busy"
  | "upstream_unavailable"
  | "upstream_error"
  | "internal_error";

/** The endpoint's error answer: `{ error: { code, message, retryAfter?, field? } }` with a non-2xx status. */
export interface UploadErrorAnswer {
  error: {
    code: UploadErrorCode;
    /** A message safe to show the person uploading. */
    message: string;
    /** Seconds to wait before trying again (also sent as `Retry-After`). */
    retryAfter?: number;
    /** The request body's field that was refused (`invalid_body`, `draft_conflict`). */
    field?: string;
  };
}
