import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";

/** What the upload stories reach: the app endpoint and the emulator's fault injection, on Storybook's own origin. */
interface UploadBackend {
  listener(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts an embedded `@darkroom/emulator` (real HTTP on 127.0.0.1, memory storage) next to Storybook's dev server
 * and serves, on Storybook's origin:
 * - `POST /api/upload`: `createUploadHandler` from `@darkroom/server`, signed in as user `storybook`, no rate limit.
 * - `POST /api/faults` (JSON: one fault or `{ faults: [...] }`) and `DELETE /api/faults`: the emulator's faults, so a
 *   story can make the next provision or upload fail exactly as Cloudflare would. One more, of the app rather than
 *   Cloudflare: `{ endpoint: "app", kind: "signed_out" }` makes `authorize` refuse (401) until the faults are cleared.
 * - `GET /api/images/<id>/blob`: the stored bytes, so a play function can compare them with the file it sent.
 * The browser uploads straight to the emulator's one-time URLs (cross-origin, as with Cloudflare). The API token
 * stays in this Node process. Uses the packages' builds (`pnpm build`; `pnpm dev` and `pnpm test` build first).
 */
export function uploadServer(): Plugin {
  let backend: Promise<UploadBackend> | undefined;
  return {
    name: "darkroom:storybook-upload-server",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith("/api/")) return next();
        backend ??= start();
        backend.then((b) => b.listener(req, res)).catch(next);
      });
      server.httpServer?.once("close", () => void backend?.then((b) => b.stop()));
    },
  };
}

async function start(): Promise<UploadBackend> {
  const { startEmulator } = await import("@darkroom/emulator");
  const { createImagesClient, createUploadHandler, toNodeListener } = await import("@darkroom/server");
  const emulator = await startEmulator({ port: 0 });
  const base = `${emulator.url}/client/v4/accounts/${emulator.accountId}/images/v1`;
  const auth = { Authorization: `Bearer ${emulator.apiToken}` };
  const client = createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
    // Stories drive failures one request at a time; server-side retries would hide them.
    retry: { attempts: 1 },
  });
  // Cleared with the faults, so every story starts signed in and "sign in" is the same request as any other fix.
  let signedIn = true;
  const authorize = () => (signedIn ? { id: "storybook" } : null);
  const upload = createUploadHandler({ client, authorize, rateLimit: false });
  const handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === "/api/upload") return upload(request);
    if (path === "/api/faults" && request.method === "DELETE") {
      emulator.faults.clear();
      signedIn = true;
      return new Response(null, { status: 204 });
    }
    if (path === "/api/faults" && request.method === "POST") {
      const body = (await request.json()) as Record<string, unknown> & { faults?: Record<string, unknown>[] };
      for (const fault of body.faults ?? [body]) {
        if (fault.endpoint === "app" && fault.kind === "signed_out") signedIn = false;
        else emulator.faults.add(fault as never);
      }
      return new Response(null, { status: 204 });
    }
    const blob = path.match(/^\/api\/images\/([^/]+)\/blob$/);
    if (blob) return fetch(`${base}/${blob[1]}/blob`, { headers: auth });
    return new Response("not found", { status: 404 });
  };
  return { listener: toNodeListener(handle), stop: () => emulator.stop() };
}
