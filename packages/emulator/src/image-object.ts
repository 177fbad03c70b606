import type { Store } from "./store";
import type { ImageRecord } from "./types";

/** Encodes an image id for a delivery path: each `/`-separated segment percent-encoded. */
export const encodeId = (id: string): string => id.split("/").map(encodeURIComponent).join("/");

/**
 * The public image object (the SDK's `Image`), with delivery URLs on the emulator's own origin in the custom-domain
 * form (`/cdn-cgi/imagedelivery/<hash>/<id>/<variant>`), which Darkroom's loaders recognise and resize.
 */
export function toImageObject(record: ImageRecord, store: Store, origin: string): Record<string, unknown> {
  const base = `${origin}/cdn-cgi/imagedelivery/${store.account.accountHash}/${encodeId(record.id)}`;
  const out: Record<string, unknown> = {
    id: record.id,
    filename: record.filename,
    meta: record.meta,
    creator: record.creator,
    requireSignedURLs: record.requireSignedURLs,
    uploaded: record.uploaded,
    variants: store.account.variants.map((v) => `${base}/${v.id}`),
  };
  if (record.draft) out.draft = true;
  return out;
}
