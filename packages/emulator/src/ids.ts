import { randomUUID } from "node:crypto";
import { badRequest } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID (a generated id rather than a custom one). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** A fresh image id (a UUID, as Cloudflare generates). */
export const newImageId = (): string => randomUUID();

/**
 * Validates a custom image id: up to 1024 characters, not starting or ending with `/`, not a UUID, no empty path
 * segments or control characters, and not combined with `requireSignedURLs` (private images cannot have custom ids).
 */
export function checkCustomId(id: string, requireSignedURLs: boolean): void {
  if (id.length === 0 || id.length > 1024) throw badRequest("custom id must be 1 to 1024 characters");
  if (id.startsWith("/") || id.endsWith("/")) throw badRequest("custom id must not start or end with '/'");
  if (id.includes("//")) throw badRequest("custom id must not contain empty path segments");
  if ([...id].some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f" || c === "?" || c === "#" || c === "\\")) {
    throw badRequest("custom id contains illegal characters");
  }
  if (UUID.test(id)) throw badRequest("custom id must not be a UUID");
  if (requireSignedURLs) throw badRequest("custom ids cannot be used with requireSignedURLs");
}
