import type { UploadRequestBody } from "@darkroom/core";
import { DRAFT_KEY_PATTERN } from "./draft-id";

/** What the upload handler accepts. */
export interface UploadLimits {
  /** Largest file in bytes. Default 10 MiB (Cloudflare's limit). */
  maxBytes?: number;
  /** Accepted MIME types. Default: JPEG, PNG, GIF, WebP, SVG, HEIC, AVIF. */
  types?: readonly string[];
  /** Largest metadata, in bytes of JSON, ≤ 1024 (Cloudflare's limit). Default 1024. */
  metadataBytes?: number;
}

/** The JSON body a browser sends to the upload handler: the protocol type shared with the uploader in core. */
export type { UploadRequestBody };

/** A validated body, or the first problem found. */
export type Validation =
  | { ok: true; body: UploadRequestBody }
  | { ok: false; field: string; message: string };

/** Default accepted types. */
export const DEFAULT_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/svg+xml",
  "image/heic",
  "image/avif",
] as const;

const fail = (field: string, message: string): Validation => ({ ok: false, field, message });

/** Size in bytes of `value` as UTF-8 JSON. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/**
 * Checks an upload request body against `limits`. `size` and `type` are required (the limits are checked against
 * them; Cloudflare checks the bytes again); unknown fields are refused so typos surface.
 */
export function validateUpload(input: unknown, limits: UploadLimits = {}): Validation {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return fail("body", "The body must be a JSON object.");
  }
  const body = input as Record<string, unknown>;
  const allowed = ["filename", "size", "type", "metadata", "draftKey", "retry"];
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) return fail(unknown, `Unknown field "${unknown}".`);
  const { filename, size, type, metadata, draftKey, retry } = body;
  if (filename !== undefined && (typeof filename !== "string" || filename.length > 255)) {
    return fail("filename", "filename must be a string of at most 255 characters.");
  }
  // Both limits always apply (they have defaults), so the values they are checked against are required: a client
  // that left them out would otherwise be provisioned for any file.
  const maxBytes = limits.maxBytes ?? 10 * 1024 * 1024;
  if (size === undefined) return fail("size", "size is required: the file's size in bytes.");
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) {
    return fail("size", "size must be a positive whole number of bytes.");
  }
  if (size > maxBytes) return fail("size", `The file is too large: the limit is ${maxBytes} bytes.`);
  const types: readonly string[] = limits.types ?? DEFAULT_TYPES;
  if (type === undefined) return fail("type", "type is required: the file's MIME type, e.g. image/jpeg.");
  if (typeof type !== "string" || !types.includes(type.toLowerCase())) {
    return fail("type", `This file type is not accepted. Accepted: ${types.join(", ")}.`);
  }
  if (
    metadata !== undefined &&
    (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
  ) {
    return fail("metadata", "metadata must be a JSON object.");
  }
  if (draftKey !== undefined && (typeof draftKey !== "string" || !DRAFT_KEY_PATTERN.test(draftKey))) {
    return fail("draftKey", "draftKey must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -.");
  }
  if (retry !== undefined && typeof retry !== "boolean") return fail("retry", "retry must be true or false.");
  return { ok: true, body: body as unknown as UploadRequestBody };
}
