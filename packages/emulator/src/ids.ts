import { randomUUID } from "node:crypto";
import { badRequest } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID (a generated id rather than a custom one). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** A fresh image id (a UUID, as Cloudflare generates). */
export const newImageId = (): string => randomUUID();

/**
 * Whether a custom id is spelled like a route of the Images API (api.ts), so the image could never be reached:
 * `v1/stats` and `v1/config` are account calls, `v1/variants[/x]` and `v1/keys[/x]` their collections, and
 * `GET v1/<a>/blob` is the bytes of `<a>`. Cloudflare documents no such rule; the emulator refuses these ids.
 */
export function shadowsRoute(id: string): boolean {
  const parts = id.split("/");
  const head = parts[0] ?? "";
  if ((head === "stats" || head === "config") && parts.length === 1) return true;
  if ((head === "variants" || head === "keys") && parts.length <= 2) return true;
  return parts.length > 1 && parts[parts.length - 1] === "blob";
}

/**
 * Validates a custom image id: up to 1024 characters, not starting or ending with `/`, not a UUID, no empty path
 * segments or control characters, not spelled like an API route, and not combined with `requireSignedURLs` (private images cannot have custom ids).
 */
export function checkCustomId(id: string, requireSignedURLs: boolean): void {
  if (id.length === 0 || id.length > 1024) throw badRequest("custom id must be 1 to 1024 characters");
  if (id.startsWith("/") || id.endsWith("/")) throw badRequest("custom id must not start or end with '/'");
  if (id.includes("//")) throw badRequest("custom id must not contain empty path segments");
  if ([...id].some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f" || c === "?" || c === "#" || c === "\\")) {
    throw badRequest("custom id contains illegal characters");
  }
  if (UUID.test(id)) throw badRequest("custom id must not be a UUID");
  if (shadowsRoute(id))
    throw badRequest(`custom id ${JSON.stringify(id)} is reserved: it names an API route`);
  if (requireSignedURLs) throw badRequest("custom ids cannot be used with requireSignedURLs");
}
