import { toImage } from "./image";
import type { ImageList, ImagePage, ListImagesOptions } from "./types";

/** Builds the v2 list query of one page. */
export function listQuery(options: ListImagesOptions, token: string | null): URLSearchParams {
  const query = new URLSearchParams();
  if (token !== null) query.set("continuation_token", token);
  if (options.perPage !== undefined) query.set("per_page", String(options.perPage));
  if (options.sortOrder !== undefined) query.set("sort_order", options.sortOrder);
  if (options.creator !== undefined) query.set("creator", options.creator);
  for (const [field, value] of Object.entries(options.meta ?? {})) {
    const key = field.includes("[") ? field : `${field}[eq]`;
    query.set(`meta.${key}`, String(value));
  }
  return query;
}

/**
 * Lists images lazily: each page is fetched when the iteration reaches it, following `continuation_token`.
 * `get` performs one authenticated GET (with retries) and returns the envelope's `result`.
 */
export function listImages(
  get: (url: string) => Promise<unknown>,
  listUrl: string,
  options: ListImagesOptions,
): ImageList {
  async function* pages(): AsyncIterableIterator<ImagePage> {
    let token: string | null = options.continuationToken || null;
    do {
      const query = listQuery(options, token).toString();
      const result = (await get(query ? `${listUrl}?${query}` : listUrl)) as Record<string, unknown> | null;
      const images = Array.isArray(result?.images) ? result.images.map(toImage) : [];
      const next = result?.continuation_token;
      token = typeof next === "string" && next !== "" ? next : null;
      yield { images, continuationToken: token };
    } while (token !== null);
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.images;
    },
  };
}
