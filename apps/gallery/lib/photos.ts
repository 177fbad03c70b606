// The gallery's images as the pages show them. No database: title, owner, width, height and BlurHash are each
// image's metadata, written when it was uploaded (by <Uploader> in the browser, or by the sample seeding).
import { createImagesClient, type ImageObject, type ImagePage, type ImagesClient } from "@darkroom/server";
import { galleryConfig } from "./config";

/** One photo of the grid. */
export interface Photo {
  id: string;
  title: string;
  owner: string;
  width: number;
  height: number;
  blurhash?: string;
}

/** A page of the grid and the token of the next, if any. */
export interface PhotoPage {
  photos: Photo[];
  next: string | null;
}

/** Photos per page of the home grid. */
export const PAGE_SIZE = 24;

let client: ImagesClient | undefined;

/** The Images API client of this process. */
export function images(): ImagesClient {
  if (client) return client;
  const config = galleryConfig();
  client = createImagesClient({
    accountId: config.accountId,
    apiToken: config.apiToken,
    ...(config.apiBaseUrl ? { baseUrl: config.apiBaseUrl } : {}),
  });
  return client;
}

/** What `<Image loader={…}>` needs: plain data, so a Server Component can pass it on. */
export function delivery(): { accountHash: string; domain?: string } {
  const { accountHash, deliveryDomain } = galleryConfig();
  return { accountHash, ...(deliveryDomain ? { domain: deliveryDomain } : {}) };
}

/** An image as a photo, or null when it is a draft or lacks its measured size. */
export function toPhoto(image: ImageObject): Photo | null {
  const { title, owner, width, height, blurhash } = image.meta;
  if (image.draft || typeof width !== "number" || typeof height !== "number") return null;
  return {
    id: image.id,
    title: typeof title === "string" && title !== "" ? title : (image.filename ?? "Untitled"),
    owner: typeof owner === "string" ? owner : (image.creator ?? "unknown"),
    width,
    height,
    ...(typeof blurhash === "string" ? { blurhash } : {}),
  };
}

/** The newest photos, one page, starting at `token` (the previous page's `next`). */
export async function photoPage(token?: string): Promise<PhotoPage> {
  const pages = images()
    .listImages({ perPage: PAGE_SIZE, sortOrder: "desc", ...(token ? { continuationToken: token } : {}) })
    .pages();
  const first = await pages.next();
  await pages.return?.();
  const page: ImagePage | undefined = first.done ? undefined : first.value;
  const photos = (page?.images ?? []).map(toPhoto).filter((p): p is Photo => p !== null);
  return { photos, next: page?.continuationToken ?? null };
}
