import type { Context, Incoming } from "./context";
import { CfError } from "./errors";
import { deliveryError, type Reply } from "./reply";
import { checkSignature } from "./signing";
import {
  checkOutput,
  chooseFormat,
  fromVariant,
  outputSide,
  parseFlexible,
  render,
  type Transform,
} from "./transform";
import type { ImageRecord } from "./types";

/** The custom-domain delivery prefix. */
export const CDN_PREFIX = "/cdn-cgi/imagedelivery/";

const deny = (code: number, message: string) => new CfError(403, code, message);
const notFound = (code: number, message: string) => new CfError(404, code, message);

/** Splits a delivery path into account hash, image id and variant; null if it has too few segments. */
export function parseDeliveryPath(pathname: string): { hash: string; id: string; variant: string } | null {
  const path = pathname.startsWith(CDN_PREFIX) ? pathname.slice(CDN_PREFIX.length) : pathname.slice(1);
  const parts = path.split("/");
  if (parts.length < 3 || parts.some((p) => p === "")) return null;
  try {
    const decoded = parts.map((p) => decodeURIComponent(p));
    return {
      hash: decoded[0] as string,
      id: decoded.slice(1, -1).join("/"),
      variant: decoded[decoded.length - 1] as string,
    };
  } catch {
    return null;
  }
}

/** Resolves the variant segment to a transform, enforcing flexible-variant and signed-URL rules. */
function resolve(input: Incoming, ctx: Context, record: ImageRecord, variant: string): Transform {
  const { account } = ctx.store;
  if (variant.includes("=")) {
    if (!account.config.flexible_variants)
      throw deny(9429, "Flexible variants are not enabled for this account");
    if (record.requireSignedURLs) throw deny(9425, "Flexible variants cannot be used with private images");
    return parseFlexible(variant);
  }
  const named = account.variants.find((v) => v.id === variant);
  if (!named) throw notFound(9431, "Variant not found");
  if (record.requireSignedURLs && !named.neverRequireSignedURLs) {
    const problem = checkSignature(input.url.pathname, input.url.searchParams, account.keys);
    if (problem) throw deny(9425, `Image access denied: ${problem} signature`);
  }
  return fromVariant(named.options);
}

/** The `Cache-Control` max-age: the variant's or account's browser TTL, shortened to a signature's remaining life. */
function maxAge(input: Incoming, ctx: Context, record: ImageRecord, variant: string): number {
  const named = ctx.store.account.variants.find((v) => v.id === variant);
  const ttl = named?.options.browser_ttl ?? ctx.store.account.config.browser_ttl;
  const exp = Number(input.url.searchParams.get("exp"));
  if (!record.requireSignedURLs || !exp) return ttl;
  return Math.max(0, Math.min(ttl, Math.floor(exp - Date.now() / 1000)));
}

/** `GET /{account_hash}/{image_id}/{variant}` and its `/cdn-cgi/imagedelivery/` twin. */
export async function deliver(input: Incoming, ctx: Context): Promise<Reply> {
  try {
    return await deliverOrThrow(input, ctx);
  } catch (error) {
    if (error instanceof CfError) return deliveryError(error.status, error.code, error.message);
    return deliveryError(500, 9500, "Internal error while processing the image");
  }
}

async function deliverOrThrow(input: Incoming, ctx: Context): Promise<Reply> {
  const parsed = parseDeliveryPath(input.url.pathname);
  if (!parsed) throw notFound(9431, "Not found");
  if (parsed.hash !== ctx.store.account.accountHash) {
    throw deny(9427, "Image access denied with incorrect account id");
  }
  const record = ctx.store.get(parsed.id);
  const bytes = ctx.store.bytes(parsed.id);
  if (!record || record.draft || !bytes || !record.format) throw notFound(9404, "Image not found");
  const transform = resolve(input, ctx, record, parsed.variant);
  const headers: Record<string, string> = {
    "cache-control": `public, max-age=${maxAge(input, ctx, record, parsed.variant)}`,
    "access-control-allow-origin": "*",
  };
  if (record.format === "svg") {
    headers["content-type"] = "image/svg+xml";
    headers["content-security-policy"] = "default-src 'none'; style-src 'unsafe-inline'";
    return { status: 200, headers, body: bytes };
  }
  checkOutput(transform, record.width ?? 0, record.height ?? 0);
  const side = outputSide(transform, record.width ?? 0, record.height ?? 0);
  const format = chooseFormat(transform, String(input.req.headers.accept ?? ""), record.format, side);
  if (!transform.format) headers.vary = "Accept";
  const key = JSON.stringify([record.id, record.uploaded, record.rev, transform, format]);
  let entry = ctx.cache.get(key);
  headers["x-darkroom-cache"] = entry ? "HIT" : "MISS";
  if (!entry) {
    entry = { body: await render(bytes, transform, format), contentType: `image/${format}` };
    ctx.cache.set(key, entry);
  }
  headers["content-type"] = entry.contentType;
  return { status: 200, headers, body: entry.body };
}
