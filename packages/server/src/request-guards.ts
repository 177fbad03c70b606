// Checks on an upload request before anything is parsed or counted: that it is JSON (a cross-site form or
// `text/plain` POST can't be), that it comes from the app's own pages, and a body read that stops at its limit.

/** Whether the request declares a JSON body (`application/json`, any parameters). */
export function isJson(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/**
 * Whether a browser sent this request from a page of another site. Browsers send `Origin` with every POST (and
 * `Sec-Fetch-Site`, which pages cannot forge); a request with neither is not a browser's and cannot carry a
 * visitor's cookies across sites. `Origin` is accepted when it is the request's own origin, names the same host as
 * the `Host` header (a proxy that terminates TLS changes the scheme), or is listed in `allowed`.
 */
export function isCrossSite(request: Request, allowed: readonly string[]): boolean {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (origin === null) return site === "cross-site" || site === "same-site";
  if (allowed.includes(origin)) return false;
  if (site === "same-origin") return false;
  let own: URL;
  let from: URL;
  try {
    own = new URL(request.url);
    from = new URL(origin);
  } catch {
    // "null" (sandboxed frames, file: pages) and anything else that is not a URL.
    return true;
  }
  if (from.origin === own.origin) return false;
  return from.host !== (request.headers.get("host") ?? own.host);
}

/** The body as text, or `null` once it is longer than `limit` bytes: it stops reading there, on every runtime. */
export async function readBounded(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (!request.body) return "";
  // Leaving the loop early cancels the stream, so nothing past the limit is pulled.
  const bytes = await readLimited(request.body as unknown as AsyncIterable<unknown>, limit);
  return bytes && new TextDecoder().decode(bytes);
}

/** All of `source`'s chunks as one array, or `null` as soon as they pass `limit` bytes (reading stops there). */
export async function readLimited(
  source: AsyncIterable<unknown>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > limit) return null;
    chunks.push(bytes);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
