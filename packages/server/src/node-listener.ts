import { readLimited } from "./request-guards";

/** The parts of Node's `IncomingMessage` a listener reads (Express's `req` is one too). */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** The parts of Node's `ServerResponse` a listener writes (Express's `res` is one too). */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: Uint8Array): unknown;
}

/** Largest request body read, in bytes; the upload endpoint takes a small JSON description, never a file. */
const MAX_BODY = 64 * 1024;

/**
 * Runs a Fetch API handler (such as `createUploadHandler`'s) as a Node `http` / Express listener:
 * `app.post("/api/upload", toNodeListener(upload))`. Reads at most 64 KB of body (answers 413 beyond), and answers
 * 500 if the handler throws. Uses no Node module, so it also bundles for any runtime with a Node-style server.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    const send = async (response: Response) => {
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      res.writeHead(response.status, headers);
      res.end(new Uint8Array(await response.arrayBuffer()));
    };
    try {
      const method = req.method ?? "GET";
      const body = method === "GET" || method === "HEAD" ? undefined : await readLimited(req, MAX_BODY);
      if (body === null) return await send(new Response("Request body too large", { status: 413 }));
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      }
      const url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
      await send(await handler(new Request(url, { method, headers, body })));
    } catch {
      await send(new Response("Internal error", { status: 500 }));
    }
  };
}
