// src/index.ts of a Cloudflare Worker (or any Hono app): the upload endpoint next to your other routes.
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import { Hono } from "hono";

interface Env {
  CF_ACCOUNT_ID: string;
  /** Set with `wrangler secret put CF_IMAGES_TOKEN`; never in wrangler.toml. */
  CF_IMAGES_TOKEN: string;
}

const app = new Hono<{ Bindings: Env }>();

app.post("/api/upload", (c) => {
  const client = createImagesClient({ accountId: c.env.CF_ACCOUNT_ID, apiToken: c.env.CF_IMAGES_TOKEN });
  const upload = createUploadHandler({
    client,
    // Replace with your auth (a session cookie, a JWT…); null answers 401.
    authorize: (request) => {
      const user = request.headers.get("x-user-id");
      return user ? { id: user } : null;
    },
  });
  // The handler speaks the Fetch API, so Hono hands it the raw Request.
  return upload(c.req.raw);
});

export default app;
