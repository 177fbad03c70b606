// Production on Cloudflare Workers: `wrangler deploy` (see wrangler.jsonc). The built SPA is served as static
// assets; the same API as on Node answers /api/*. Set the token with `wrangler secret put CF_IMAGES_TOKEN`.
import { createApp, type Env } from "./app";

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    // One app per isolate, so the upload rate limit holds across requests (per isolate, not globally).
    app ??= createApp(env);
    return app.fetch(request);
  },
};
