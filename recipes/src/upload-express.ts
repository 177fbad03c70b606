// server.ts of an Express 5 app: the Fetch API handler runs as an Express route through toNodeListener.
import { pathToFileURL } from "node:url";
import { createImagesClient, createUploadHandler, toNodeListener } from "@darkroom/server";
import express, { type Express } from "express";

const client = createImagesClient({
  accountId: process.env.CF_ACCOUNT_ID ?? "",
  apiToken: process.env.CF_IMAGES_TOKEN ?? "",
  // Unset in production; the emulator's API in development (`http://127.0.0.1:8787/client/v4`).
  baseUrl: process.env.CF_API_BASE_URL || undefined,
});

const upload = createUploadHandler({
  client,
  // The browser sends the app's session cookie with the uploader's same-origin request. Replace the cookie read with
  // your session lookup; null answers 401 and the uploader says "Sign in to upload".
  authorize: (request) => {
    const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
    return session ? { id: decodeURIComponent(session) } : null;
  },
});

export const app: Express = express();
// No body parser on this route: the handler reads the small JSON itself (never the file: that goes to Cloudflare).
app.post("/api/upload", toNodeListener(upload));

// `node server.js` starts it; importing `app` (tests, another entry) does not.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) app.listen(3000);
