// src/index.ts of a Cloudflare Worker (or any Hono app): the upload endpoint next to your other routes.
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";

interface Env {
  CF_ACCOUNT_ID: string;
  /** Set with `wrangler secret put CF_IMAGES_TOKEN`; never in wrangler.toml. */
  CF_IMAGES_TOKEN: string;
  /** Unset in production; the emulator's API in development (`http://127.0.0.1:8787/client/v4`). */
  CF_API_BASE_URL?: string;
}

const app = new Hono<{ Bindings: Env }>();

app.post("/api/upload", (c) => {
  const client = createImagesClient({
    accountId: c.env.CF_ACCOUNT_ID,
    apiToken: c.env.CF_IMAGES_TOKEN,
    baseUrl: c.env.CF_API_BASE_URL || undefined,
  });
  // The browser sends the app's session cookie with the uploader's same-origin request. Replace the cookie read
  // with your auth (a session store, a JWT…); null answers 401 and the uploader says "Sign in to upload".
  const session = getCookie(c, "session");
  const upload = createUploadHandler({ client, authorize: () => (session ? { id: session } : null) });
  // The handler speaks the Fetch API, so Hono hands it the raw Request.
  return upload(c.req.raw);
});

export default app;
