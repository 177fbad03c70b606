import { randomBytes } from "node:crypto";
import { parseJsonObject, readBody } from "./body";
import type { Context, Incoming } from "./context";
import { alreadyExists, badRequest, CfError } from "./errors";
import { ok, type Reply } from "./reply";
import type { Variant, VariantOptions } from "./types";

const FITS = ["scale-down", "contain", "cover", "crop", "pad"];
const METADATA = ["keep", "copyright", "none"];
const MAX_VARIANTS = 100;

/** 404 / 5401 "Variant not found". */
const variantNotFound = () => new CfError(404, 5401, "Variant not found");

/** A fresh signing key value (hex, like the keys the dashboard shows). */
export const newKeyValue = (): string => randomBytes(32).toString("hex");

/** Validates variant `options` (fit, width, height, metadata). */
function checkOptions(value: unknown): VariantOptions {
  if (!value || typeof value !== "object") throw badRequest("options must be an object");
  const o = value as Record<string, unknown>;
  const fit = o.fit ?? "scale-down";
  if (typeof fit !== "string" || !FITS.includes(fit))
    throw badRequest(`fit must be one of ${FITS.join(", ")}`);
  const metadata = o.metadata ?? "none";
  if (typeof metadata !== "string" || !METADATA.includes(metadata))
    throw badRequest("invalid metadata option");
  const out: VariantOptions = {
    fit: fit as VariantOptions["fit"],
    metadata: metadata as VariantOptions["metadata"],
  };
  for (const side of ["width", "height"] as const) {
    const n = o[side];
    if (n === undefined) continue;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 12_000) {
      throw badRequest(`${side} must be an integer in 1..12000`);
    }
    out[side] = n;
  }
  if (!out.width && !out.height) throw badRequest("a variant needs a width or a height");
  const ttl = o.browser_ttl;
  if (ttl !== undefined) {
    if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 3600 || ttl > 31_536_000) {
      throw badRequest("browser_ttl must be an integer in 3600..31536000");
    }
    out.browser_ttl = ttl;
  }
  return out;
}

/** `/images/v1/variants[/:id]`: list, create, get, edit, delete named variants. */
export async function variants(input: Incoming, ctx: Context, name: string | undefined): Promise<Reply> {
  const account = ctx.store.account;
  const method = input.req.method;
  if (name === undefined && method === "GET") {
    return ok({ variants: Object.fromEntries(account.variants.map((v) => [v.id, v])) });
  }
  if (name === undefined && method === "POST") {
    const body = parseJsonObject(await readBody(input.req, { limit: 64 * 1024 }));
    const id = body.id;
    if (typeof id !== "string" || !/^[A-Za-z0-9]{1,99}$/.test(id))
      throw badRequest("id must be alphanumeric");
    if (account.variants.some((v) => v.id === id)) throw alreadyExists();
    if (account.variants.length >= MAX_VARIANTS) throw new CfError(400, 5453, "Variant limit reached");
    const variant: Variant = {
      id,
      options: checkOptions(body.options),
      neverRequireSignedURLs: body.neverRequireSignedURLs === true,
    };
    account.variants.push(variant);
    await ctx.store.saveAccount();
    return ok({ variant });
  }
  const index = account.variants.findIndex((v) => v.id === name);
  if (name === undefined || index < 0) throw variantNotFound();
  const current = account.variants[index] as Variant;
  if (method === "GET") return ok({ variant: current });
  if (method === "PATCH") {
    const body = parseJsonObject(await readBody(input.req, { limit: 64 * 1024 }));
    const variant: Variant = {
      id: current.id,
      options: body.options === undefined ? current.options : checkOptions(body.options),
      neverRequireSignedURLs:
        body.neverRequireSignedURLs === undefined
          ? current.neverRequireSignedURLs
          : body.neverRequireSignedURLs === true,
    };
    account.variants[index] = variant;
    await ctx.store.saveAccount();
    return ok({ variant });
  }
  if (method === "DELETE") {
    account.variants.splice(index, 1);
    await ctx.store.saveAccount();
    return ok({});
  }
  throw new CfError(405, 10405, "Method not allowed");
}

/** `/images/v1/keys[/:name]`: list, create (PUT) and delete signing keys; the last key is replaced on delete. */
export async function keys(input: Incoming, ctx: Context, name: string | undefined): Promise<Reply> {
  const account = ctx.store.account;
  const method = input.req.method;
  if (name === undefined && method === "GET") return ok({ keys: account.keys });
  if (name === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw badRequest("invalid key name");
  if (method === "PUT") {
    account.keys = account.keys.filter((k) => k.name !== name);
    account.keys.push({ name, value: newKeyValue() });
  } else if (method === "DELETE") {
    if (!account.keys.some((k) => k.name === name)) throw new CfError(404, 5404, "Key not found");
    account.keys = account.keys.filter((k) => k.name !== name);
    if (account.keys.length === 0) account.keys.push({ name: "default", value: newKeyValue() });
  } else {
    throw new CfError(405, 10405, "Method not allowed");
  }
  await ctx.store.saveAccount();
  return ok({ keys: account.keys });
}

/** `PATCH /images/v1/config`: `flexible_variants` (boolean), `browser_ttl` (3600..31536000 s). */
export async function config(input: Incoming, ctx: Context): Promise<Reply> {
  const config = ctx.store.account.config;
  if (input.req.method === "GET") return ok(config);
  if (input.req.method !== "PATCH") throw new CfError(405, 10405, "Method not allowed");
  const body = parseJsonObject(await readBody(input.req, { limit: 64 * 1024 }));
  const next = { ...config };
  if (body.flexible_variants !== undefined) {
    if (typeof body.flexible_variants !== "boolean") throw badRequest("flexible_variants must be a boolean");
    next.flexible_variants = body.flexible_variants;
  }
  if (body.browser_ttl !== undefined) {
    const ttl = body.browser_ttl;
    if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 3600 || ttl > 31_536_000) {
      throw badRequest("browser_ttl must be an integer in 3600..31536000");
    }
    next.browser_ttl = ttl;
  }
  ctx.store.account.config = next;
  await ctx.store.saveAccount();
  return ok(next);
}

/** `GET /images/v1/stats`: `{ count: { allowed, current } }`. */
export function stats(ctx: Context): Reply {
  return ok({ count: { allowed: 100_000, current: ctx.store.list().length } });
}
