// Production on Node: `npm run build && npm start`. Serves the built SPA from dist/ and the API on one origin.
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { createApp, type Env } from "./app";

function required(name: keyof Env): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`Set ${name} (see the README: the emulator prints every value for local runs).`);
  return value;
}

const env: Env = {
  CF_ACCOUNT_ID: required("CF_ACCOUNT_ID"),
  CF_ACCOUNT_HASH: required("CF_ACCOUNT_HASH"),
  CF_IMAGES_TOKEN: required("CF_IMAGES_TOKEN"),
  CF_API_BASE_URL: process.env.CF_API_BASE_URL,
  CF_DELIVERY_DOMAIN: process.env.CF_DELIVERY_DOMAIN,
};

const server = new Hono();
server.route("/", createApp(env));
server.use("/*", serveStatic({ root: "./dist" }));
// Every other path is the single-page app.
server.get("*", serveStatic({ path: "./dist/index.html" }));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: server.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, (info) => {
  console.log(`Listening on http://${info.address}:${info.port}`);
});
