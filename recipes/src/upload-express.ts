// server.ts of an Express 5 app: the Fetch API handler runs as an Express route through toNodeListener.
import { createImagesClient, createUploadHandler, toNodeListener } from "@darkroom/server";
import express from "express";

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

const app = express();
// No body parser on this route: the handler reads the small JSON itself (never the file: that goes to Cloudflare).
app.post("/api/upload", toNodeListener(upload));

app.listen(3000);
