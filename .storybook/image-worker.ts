/*
 * The service worker of the static Storybook build (`storybook build`), where no server answers Cloudflare's image
 * paths: it draws the same pictures as the dev server's middleware (`image-server.ts`), with the same code. It also
 * answers `/api/*`, which only the dev server can back with an emulator, with a refusal that says so, so the upload
 * stories explain themselves instead of failing on a bare 404. Built to `image-worker.js` by `image-worker-build.ts`.
 */
import { imageResponse } from "./image-drawing.ts";

/** The parts of the service worker scope used here (the `webworker` lib would clash with the DOM one). */
interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerScope {
  addEventListener(type: "install" | "activate", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}
const worker = self as unknown as WorkerScope;

// Take over at once, open pages included: the preview waits for this before rendering its first story.
worker.addEventListener("install", (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener("activate", (event) => event.waitUntil(worker.clients.claim()));

const NO_BACKEND = {
  error: {
    code: "upstream_error",
    message: "this static build of Storybook has no upload backend; run pnpm storybook to try uploads",
  },
};

worker.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith("/cdn-cgi/")) {
    event.respondWith(
      imageResponse(url.pathname + url.search, event.request.method).then(
        (answer) => answer ?? new Response("Not a Cloudflare image path.", { status: 404 }),
      ),
    );
  } else if (url.pathname.startsWith("/api/")) {
    event.respondWith(Response.json(NO_BACKEND, { status: 502 }));
  }
});
