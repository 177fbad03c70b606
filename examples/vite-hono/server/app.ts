// The API of the app, a Hono app that runs as is on Node (server/node.ts, and inside `vite` in development) and on
// Cloudflare Workers (server/worker.ts). It never sees an image's bytes: the browser sends them to Cloudflare.
import { createImagesClient, createUploadHandler, type ImageObject } from "@darkroom/server";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** Configuration, from the environment (Node) or the Worker's bindings. */
export interface Env {
  CF_ACCOUNT_ID: string;
  /** Dashboard → Images → Overview → "Account hash". Not a secret: it is in every delivery URL. */
  CF_ACCOUNT_HASH: string;
  /** "Cloudflare Images: Edit" API token. A secret: it stays on the server. */
  CF_IMAGES_TOKEN: string;
  /** Unset in production; the emulator's API (`<emulator>/client/v4`) in development. */
  CF_API_BASE_URL?: string | undefined;
  /** Where images are delivered from: unset for imagedelivery.net, your zone, or the emulator's origin. */
  CF_DELIVERY_DOMAIN?: string | undefined;
}

/** One photo of the grid, as the browser receives it from `GET /api/images`. */
export interface Photo {
  id: string;
  title: string;
  width: number;
  height: number;
  blurhash?: string;
}

/** What `GET /api/images` answers: the photos and how to build their delivery URLs. */
export interface Gallery {
  accountHash: string;
  domain?: string;
  photos: Photo[];
}

/** The image's size and BlurHash were measured in the browser by the uploader and stored as its metadata. */
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

export function createApp(env: Env) {
  const client = createImagesClient({
    accountId: env.CF_ACCOUNT_ID,
    apiToken: env.CF_IMAGES_TOKEN,
    baseUrl: env.CF_API_BASE_URL || undefined,
  });
  // Created once, so its per-user rate limit (a burst of 100, then one a second) holds across requests.
  const upload = createUploadHandler({
    client,
    // The `session` cookie that GET /api/session set; replace with your own sign-in. null answers 401.
    authorize: (request) => {
      const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
      return session ? { id: session } : null;
    },
    limits: { maxBytes: 10 * 1024 * 1024, types: ["image/jpeg", "image/png", "image/webp", "image/gif"] },
  });

  const app = new Hono();

  // A demo sign-in: every visitor gets an anonymous session. The uploader keeps its drafts per user id.
  app.get("/api/session", (c) => {
    let id = getCookie(c, "session");
    if (!id) {
      id = crypto.randomUUID();
      setCookie(c, "session", id, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 * 60 * 24 * 30 });
    }
    return c.json({ id });
  });

  // The handler speaks the Fetch API, so Hono hands it the raw Request.
  app.post("/api/upload", (c) => upload(c.req.raw));

  app.get("/api/images", async (c) => {
    const photos: Photo[] = [];
    // The newest 100 images: the first page of the list. Follow `continuationToken` to paginate.
    for await (const page of client.listImages({ perPage: 100, sortOrder: "desc" }).pages()) {
      for (const image of page.images) {
        const photo = toPhoto(image);
        if (photo) photos.push(photo);
      }
      break;
    }
    const domain = env.CF_DELIVERY_DOMAIN || undefined;
    return c.json({
      accountHash: env.CF_ACCOUNT_HASH,
      ...(domain ? { domain } : {}),
      photos,
    } satisfies Gallery);
  });

  // Whatever the Images API answered, the browser gets a short reason and no stack trace.
  app.onError((error, c) => {
    console.error("api error:", error.message);
    return c.json({ error: "The image service is not answering; try again in a moment." }, 503);
  });

  return app;
}
