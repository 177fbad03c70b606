// Server-only: the Images API client and the upload handler, configured from the environment. Imported by route
// handlers and Server Components, never by a "use client" module, so the API token stays on the server.
import {
  CloudflareImagesError,
  createImagesClient,
  createUploadHandler,
  type ImageObject,
} from "@darkroom/server";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `Set ${name}: your Cloudflare account's value, or the one \`npx darkroom-emulator\` prints.`,
    );
  }
  return value;
}

/** What `<Image loader={…}>` needs to build delivery URLs: plain data, so a Server Component can pass it on. */
export function deliveryConfig(): { accountHash: string; domain?: string } {
  const domain = process.env.CF_DELIVERY_DOMAIN;
  return { accountHash: required("CF_ACCOUNT_HASH"), ...(domain ? { domain } : {}) };
}

let client: ReturnType<typeof createImagesClient> | undefined;

/** The Images API client (created on first use, once the environment is complete). */
export function images() {
  client ??= createImagesClient({
    accountId: required("CF_ACCOUNT_ID"),
    apiToken: required("CF_IMAGES_TOKEN"),
    baseUrl: process.env.CF_API_BASE_URL || undefined,
  });
  return client;
}

let handler: ((request: Request) => Promise<Response>) | undefined;

/** The upload endpoint: one handler per server process, so its per-user rate limit holds across requests. */
export function uploadHandler() {
  handler ??= createUploadHandler({
    client: images(),
    // The `session` cookie that GET /api/session set; replace with your own sign-in. null answers 401.
    authorize: (request) => {
      const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
      return session ? { id: session } : null;
    },
    limits: { maxBytes: 10 * 1024 * 1024, types: ["image/jpeg", "image/png", "image/webp", "image/gif"] },
  });
  return handler;
}

/** One photo: its size and BlurHash were measured in the browser by the uploader and stored as its metadata. */
export interface Photo {
  id: string;
  title: string;
  width: number;
  height: number;
  blurhash?: string;
}

function toPhoto(image: ImageObject): Photo | null {
  const { title, width, height, blurhash } = image.meta;
  if (image.draft || typeof width !== "number" || typeof height !== "number") return null;
  return {
    id: image.id,
    title: typeof title === "string" ? title : (image.filename ?? image.id),
    width,
    height,
    ...(typeof blurhash === "string" ? { blurhash } : {}),
  };
}

/** The newest 100 photos: the first page of the list (follow `continuationToken` to paginate). */
export async function latestPhotos(): Promise<Photo[]> {
  for await (const page of images().listImages({ perPage: 100, sortOrder: "desc" }).pages()) {
    return page.images.map(toPhoto).filter((photo): photo is Photo => photo !== null);
  }
  return [];
}

/** One photo by id, or null when there is none (or it is still a draft). Other failures throw. */
export async function photo(id: string): Promise<Photo | null> {
  try {
    return toPhoto(await images().getImage(id));
  } catch (error) {
    if (error instanceof CloudflareImagesError && error.status === 404) return null;
    throw error;
  }
}
