import { timingSafeEqual } from "node:crypto";
import { config, keys, stats, variants } from "./api-account";
import { createImage, deleteImage, directUpload, editImage, getBlob, getImage } from "./api-images";
import type { Context, Incoming } from "./context";
import { CfError } from "./errors";
import { listV1, listV2 } from "./lists";
import type { Reply } from "./reply";

/** The API prefix; the account id follows. */
export const API_PREFIX = "/client/v4/accounts/";

const authError = (status: number) => new CfError(status, 10000, "Authentication error");
const routeNotFound = () => new CfError(404, 7003, "Could not route to the requested path");
const notAllowed = () => new CfError(405, 10405, "Method not allowed");

/** Checks `Authorization: Bearer <token>`: missing → 401, wrong → 403 (both code 10000). */
function authenticate(input: Incoming, ctx: Context): void {
  const header = input.req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw authError(401);
  const given = Buffer.from(match[1] as string);
  const wanted = Buffer.from(ctx.store.account.apiToken);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw authError(403);
}

/** Whether a path is the direct_upload call (for fault matching). */
export const isDirectUpload = (pathname: string): boolean => pathname.endsWith("/images/v2/direct_upload");

/** Routes `/client/v4/accounts/{account_id}/images/...`. */
export async function handleApi(input: Incoming, ctx: Context): Promise<Reply> {
  authenticate(input, ctx);
  const rest = input.url.pathname.slice(API_PREFIX.length).split("/");
  const account = decodeURIComponent(rest[0] ?? "");
  if (account !== ctx.store.account.accountId) {
    throw new CfError(
      403,
      5403,
      "The given account is not valid or is not authorized to access this service",
    );
  }
  if (rest[1] !== "images") throw routeNotFound();
  const version = rest[2];
  const parts = rest.slice(3).map((s) => decodeURIComponent(s));
  const method = input.req.method ?? "GET";
  const query = input.url.searchParams;
  if (version === "v2") {
    if (parts.length === 0 && method === "GET") return listV2(ctx, query);
    if (parts.join("/") === "direct_upload" && method === "POST") return directUpload(input, ctx);
    throw parts.length === 0 || parts.join("/") === "direct_upload" ? notAllowed() : routeNotFound();
  }
  if (version !== "v1") throw routeNotFound();
  const [head, second] = parts;
  if (parts.length === 0) {
    if (method === "GET") return listV1(ctx, query);
    if (method === "POST") return createImage(input, ctx);
    throw notAllowed();
  }
  if (head === "stats" && parts.length === 1) return stats(ctx);
  if (head === "config" && parts.length === 1) return config(input, ctx);
  if (head === "variants" && parts.length <= 2) return variants(input, ctx, second);
  if (head === "keys" && parts.length <= 2) return keys(input, ctx, second);
  const id = parts.join("/");
  if (parts.length > 1 && parts[parts.length - 1] === "blob" && method === "GET") {
    return getBlob(ctx, parts.slice(0, -1).join("/"));
  }
  if (method === "GET") return getImage(ctx, id);
  if (method === "PATCH") return editImage(input, ctx, id);
  if (method === "DELETE") return deleteImage(ctx, id);
  throw notAllowed();
}
