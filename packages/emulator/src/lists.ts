import type { Context } from "./context";
import { badRequest } from "./errors";
import { toImageObject } from "./image-object";
import { matchesFilters, parseMetaFilters } from "./meta-filter";
import { ok, type Reply } from "./reply";
import type { ImageRecord } from "./types";

/** A whole number query parameter within [min, max], or `fallback` when absent. */
function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw badRequest(`${name} must be an integer in ${min}..${max}`);
  return n;
}

/** Applies the `creator` filter (`creator=` selects images without a creator). */
function byCreator(images: ImageRecord[], query: URLSearchParams): ImageRecord[] {
  const creator = query.get("creator");
  if (creator === null) return images;
  return images.filter((r) => (creator === "" ? !r.creator : r.creator === creator));
}

/** `GET /images/v1`: `page` (from 1) and `per_page` (≤ 100, default 50), oldest first; drafts excluded. */
export function listV1(ctx: Context, query: URLSearchParams): Reply {
  const page = intParam(query, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const perPage = intParam(query, "per_page", 50, 10, 100);
  const all = byCreator(ctx.store.list(), query);
  const images = all.slice((page - 1) * perPage, page * perPage);
  return ok(
    { images: images.map((r) => toImageObject(r, ctx.store, ctx.origin)) },
    { result_info: { page, per_page: perPage, count: images.length, total_count: all.length } },
  );
}

/**
 * `GET /images/v2`: `per_page` (≤ 1000, default 1000), `sort_order` (asc|desc by upload time, default desc),
 * `creator`, metadata filters, and an opaque `continuation_token` (the offset, base64url) for the next page.
 */
export function listV2(ctx: Context, query: URLSearchParams): Reply {
  const perPage = intParam(query, "per_page", 1000, 10, 1000);
  const order = query.get("sort_order") ?? "desc";
  if (order !== "asc" && order !== "desc") throw badRequest("sort_order must be asc or desc");
  const filters = parseMetaFilters(query);
  let all = byCreator(ctx.store.list(), query).filter((r) => matchesFilters(r.meta, filters));
  if (order === "desc") all = all.reverse();
  all = all.slice(0, 10_000);
  const token = query.get("continuation_token");
  let start = 0;
  if (token) {
    start = Number(
      Buffer.from(token, "base64url")
        .toString("utf8")
        .replace(/^offset:/, ""),
    );
    if (!Number.isInteger(start) || start < 0) throw badRequest("invalid continuation_token");
  }
  const images = all.slice(start, start + perPage);
  const next =
    start + perPage < all.length ? Buffer.from(`offset:${start + perPage}`).toString("base64url") : null;
  return ok({ images: images.map((r) => toImageObject(r, ctx.store, ctx.origin)), continuation_token: next });
}
