// server.ts of an Express 5 app: adapts the Fetch API handler to Express's req/res.
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import express, { type Request as ExpressRequest } from "express";

const client = createImagesClient({
  accountId: process.env.CF_ACCOUNT_ID ?? "",
  apiToken: process.env.CF_IMAGES_TOKEN ?? "",
});

const upload = createUploadHandler({
  client,
  // Replace with your session middleware's user; null answers 401.
  authorize: (request) => {
    const user = request.headers.get("x-user-id");
    return user ? { id: user } : null;
  },
});

/** A Fetch API Request from an Express request whose body `express.text()` has read. */
function toRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(key, value);
  const body = typeof req.body === "string" ? req.body : undefined;
  return new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, {
    method: req.method,
    headers,
    body,
  });
}

const app = express();
// The body is small JSON describing the file (never the file itself: that goes straight to Cloudflare).
app.post("/api/upload", express.text({ type: "application/json", limit: "16kb" }), async (req, res) => {
  const response = await upload(toRequest(req));
  res.status(response.status);
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.send(await response.text());
});

app.listen(3000);
