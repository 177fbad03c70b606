import type { ImagesClient } from "./client";
import { draftImageId } from "./draft-id";
import { CloudflareImagesError } from "./errors";
import type { DirectUploadOptions, ImageObject } from "./types";

/** The client calls exactly-once provisioning makes. */
export type ProvisionClient = Pick<
  ImagesClient,
  "createDirectUpload" | "getImage" | "listImages" | "deleteImage"
>;

/** What provisioning one draft came to. */
export type Provisioned =
  /** A fresh one-time upload URL: the browser sends the file. */
  | { kind: "upload"; id: string; uploadURL: string }
  /** An earlier transfer of this draft already reached Cloudflare: nothing left to send. */
  | { kind: "uploaded"; id: string }
  /** The draft's image id is held by another creator (public mode only): never touched. */
  | { kind: "conflict" }
  /** Concurrent requests for the same draft kept replacing each other's drafts: try again shortly. */
  | { kind: "busy" };

/** A direct upload with its creator, which exactly-once provisioning always sets. */
export type DraftUpload = DirectUploadOptions & { creator: string };

const isStatus = (error: unknown, status: number) =>
  error instanceof CloudflareImagesError && error.kind === "http" && error.status === status;

/**
 * Provisions the direct upload of one draft at most once per `(creator, draftKey)`, so a browser that lost the
 * answer of a transfer which did reach Cloudflare can ask again without storing the image twice.
 *
 * Public images get a custom id derived from the creator and the key ({@link draftImageId}), and the direct upload
 * is asked for first: the usual first attempt costs one call. Only when the id is taken (409) is it looked at: an
 * uploaded image under it means done; a draft (an earlier URL never used, or expired) is deleted and provisioned
 * again, because a direct upload cannot reuse an existing id. Private images cannot have custom ids, so on a
 * `retry` (the browser provisioned this draft before) the key is looked up in the v2 list (metadata `draftKey` and
 * creator) first; drafts are never listed, so an unused earlier draft is simply left to expire.
 */
export async function provisionDraft(
  client: ProvisionClient,
  upload: DraftUpload,
  draftKey: string,
  retry: boolean,
): Promise<Provisioned> {
  if (upload.requireSignedURLs) {
    const found = retry ? await findUploaded(client, upload.creator, draftKey) : undefined;
    if (found) return { kind: "uploaded", id: found.id };
    return { kind: "upload", ...(await client.createDirectUpload(upload)) };
  }
  const id = await draftImageId(upload.creator, draftKey);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return { kind: "upload", ...(await client.createDirectUpload({ ...upload, id })) };
    } catch (error) {
      // 409: the id exists: this draft was provisioned before (or another tab is at it). Look at what is there.
      if (!isStatus(error, 409)) throw error;
    }
    const existing = await client.getImage(id).catch((error: unknown) => {
      if (isStatus(error, 404)) return undefined;
      throw error;
    });
    if (!existing) continue;
    if (!ownedBy(existing, upload.creator, draftKey)) return { kind: "conflict" };
    if (!existing.draft) return { kind: "uploaded", id };
    await client.deleteImage(id).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }
  return { kind: "busy" };
}

/**
 * Whether the image under a derived id is this creator's draft. Cloudflare's documented draft example has no
 * `creator` field, so an image without one counts as ours when its metadata carries the same `draftKey`.
 */
function ownedBy(image: ImageObject, creator: string, draftKey: string): boolean {
  if (image.creator !== null) return image.creator === creator;
  return image.meta.draftKey === draftKey;
}

/** The oldest uploaded image of `creator` whose metadata holds `draftKey`, if any. */
async function findUploaded(
  client: ProvisionClient,
  creator: string,
  draftKey: string,
): Promise<ImageObject | undefined> {
  for await (const image of client.listImages({ creator, meta: { draftKey }, sortOrder: "asc" })) {
    // Checked again here so a filter the API ignored could never hand back someone else's image.
    if (image.creator === creator && image.meta.draftKey === draftKey && !image.draft) return image;
  }
  return undefined;
}
