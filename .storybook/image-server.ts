import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";
import { imageResponse } from "./image-drawing.ts";

/**
 * A stand-in for Cloudflare's image endpoints while Storybook (or the Vitest browser run of the stories) is served by
 * Vite. Instead of resizing a real photo it draws an SVG of exactly the requested size, with the width printed in it,
 * so whoever looks at a story can see which srcset candidate the browser chose.
 *
 * Served paths:
 * - `/cdn-cgi/image/<options>/<source>`: Image Resizing (`width=640,height=…,fit=…,format=auto`, short names too).
 * - `/cdn-cgi/imagedelivery/<account hash>/<image id>/<variant>`: Cloudflare Images on a custom domain, with a
 *   flexible variant (`w=640,…`) or a named one (its width is the number in its name: `w320`, `thumb-160`; else 1200).
 *
 * Extras that Cloudflare does not have:
 * - `delay=<ms>` among the options (or `?delay=<ms>`) holds the response back, up to 10 s, so a placeholder stays
 *   visible. It is stripped before the image is drawn.
 * - A source or image id with a path segment starting with `missing` answers 404, like an origin that lost the file.
 * - Sources whose name contains `portrait` are 2:3, `square` 1:1, anything else 3:2 (when no height is asked for).
 *
 * This middleware serves the dev server (and Vitest). A static `storybook build` has no server of its own, so there
 * the same pictures come from a service worker, `image-worker.ts` (built by `imageWorker()`, registered by the
 * preview); both draw with `image-drawing.ts`.
 */
export function imageServer(): Plugin {
  return {
    name: "darkroom:storybook-image-server",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith("/cdn-cgi/")) return next();
        handle(req, res).catch(next);
      });
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const answer =
    (await imageResponse(req.url ?? "", req.method)) ??
    new Response("Not a Cloudflare image path.", { status: 404 });
  res.statusCode = answer.status;
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.end(Buffer.from(await answer.arrayBuffer()));
}
