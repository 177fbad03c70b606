import type { ImageObject } from "./types";

export { encodeImageId } from "@darkroom/core";

/**
 * Reads an image object from an API answer into the typed shape. Accepts `metadata` as well as `meta` (Cloudflare's
 * docs show both keys) and fills missing fields with empty values.
 */
export function toImage(raw: unknown): ImageObject {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const meta = r.meta ?? r.metadata;
  const image: ImageObject = {
    id: String(r.id ?? ""),
    meta: typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>) : {},
    requireSignedURLs: r.requireSignedURLs === true,
    uploaded: String(r.uploaded ?? ""),
    variants: Array.isArray(r.variants) ? r.variants.map(String) : [],
    creator: typeof r.creator === "string" ? r.creator : null,
  };
  if (typeof r.filename === "string") image.filename = r.filename;
  if (r.draft === true) image.draft = true;
  return image;
}
