import { getRequestListener } from "@hono/node-server";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { createApp, type Env } from "./server/app.ts";

/**
 * `npm run dev`: the API inside Vite's dev server, on the same origin as the app. Without CF_IMAGES_TOKEN set, it
 * starts the Darkroom emulator (a local Cloudflare Images, kept in .emulator/) and uses its credentials.
 */
function api(): Plugin {
  return {
    name: "api",
    apply: "serve",
    async configureServer(server) {
      const listener = getRequestListener(createApp(await developmentEnv()).fetch);
      server.middlewares.use((req, res, next) =>
        req.url?.startsWith("/api/") ? listener(req, res) : next(),
      );
    },
  };
}

async function developmentEnv(): Promise<Env> {
  const { CF_ACCOUNT_ID, CF_ACCOUNT_HASH, CF_IMAGES_TOKEN } = process.env;
  if (CF_ACCOUNT_ID && CF_ACCOUNT_HASH && CF_IMAGES_TOKEN) {
    return {
      CF_ACCOUNT_ID,
      CF_ACCOUNT_HASH,
      CF_IMAGES_TOKEN,
      CF_API_BASE_URL: process.env.CF_API_BASE_URL,
      CF_DELIVERY_DOMAIN: process.env.CF_DELIVERY_DOMAIN,
    };
  }
  const { startEmulator } = await import("@darkroom/emulator");
  const emulator = await startEmulator({ dataDir: ".emulator", flexibleVariants: true });
  console.log(`  Darkroom emulator (local Cloudflare Images): ${emulator.url}`);
  return {
    CF_ACCOUNT_ID: emulator.accountId,
    CF_ACCOUNT_HASH: emulator.accountHash,
    CF_IMAGES_TOKEN: emulator.apiToken,
    CF_API_BASE_URL: `${emulator.url}/client/v4`,
    CF_DELIVERY_DOMAIN: emulator.deliveryDomain,
  };
}

export default defineConfig({
  plugins: [react(), api()],
  // SOURCE_MAPS=1 writes maps next to the bundles (the repository's test reads them to count Darkroom's bytes).
  build: { sourcemap: process.env.SOURCE_MAPS === "1" },
});
