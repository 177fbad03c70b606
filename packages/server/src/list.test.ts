import { describe, expect, it } from "vitest";
import { fail, fakeFetch, ok, sampleImage, unexpected } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import type { ImageObject } from "./types";

const page = (ids: string[], token: string | null) =>
  ok({ images: ids.map((id) => sampleImage(id)), continuation_token: token });

function client(fetch: ReturnType<typeof fakeFetch>) {
  return createImagesClient({
    accountId: "acc",
    apiToken: "t",
    fetch,
    retry: { attempts: 1 },
    breaker: false,
  });
}

describe("listImages", () => {
  it("follows continuation_token across pages and yields every image once", async () => {
    const fetch = fakeFetch(page(["a", "b"], "t1"), page(["c", "d"], "t2"), page(["e"], null));
    const ids: string[] = [];
    for await (const image of client(fetch).listImages({ perPage: 2 })) ids.push(image.id);
    expect(ids).toEqual(["a", "b", "c", "d", "e"]);
    const queries = fetch.calls.map((call) => Object.fromEntries(call.url.searchParams));
    expect(queries).toEqual([
      { per_page: "2" },
      { per_page: "2", continuation_token: "t1" },
      { per_page: "2", continuation_token: "t2" },
    ]);
    expect(fetch.calls[0]?.url.pathname).toBe("/client/v4/accounts/acc/images/v2");
  });

  it("starts at the page a kept continuationToken names (a server-rendered More link)", async () => {
    const fetch = fakeFetch(page(["c", "d"], "t2"), page(["e"], null));
    const first = await client(fetch).listImages({ perPage: 2, continuationToken: "t1" }).pages().next();
    expect(first.value?.images.map((i: ImageObject) => i.id)).toEqual(["c", "d"]);
    expect(first.value?.continuationToken).toBe("t2");
    expect(Object.fromEntries(fetch.calls[0]?.url.searchParams ?? [])).toEqual({
      per_page: "2",
      continuation_token: "t1",
    });
  });

  it("iterates whole pages with their tokens", async () => {
    const fetch = fakeFetch(page(["a"], "next"), page([], null));
    const pages = [];
    for await (const p of client(fetch).listImages().pages()) pages.push(p);
    expect(pages.map((p) => [p.images.map((i: ImageObject) => i.id), p.continuationToken])).toEqual([
      [["a"], "next"],
      [[], null],
    ]);
  });

  it("fetches lazily: stopping early sends no more requests", async () => {
    const fetch = fakeFetch(page(["a", "b"], "t1"), page(["c"], null));
    for await (const image of client(fetch).listImages()) {
      expect(image.id).toBe("a");
      break;
    }
    expect(fetch.calls).toHaveLength(1);
  });

  it("sends creator, sort order and metadata filters", async () => {
    const fetch = fakeFetch(page([], null));
    await client(fetch)
      .listImages({ creator: "u1", sortOrder: "asc", meta: { album: "summer", "size[gt:number]": 10 } })
      .pages()
      .next();
    expect(Object.fromEntries(fetch.calls[0]?.url.searchParams ?? [])).toEqual({
      creator: "u1",
      sort_order: "asc",
      "meta.album[eq]": "summer",
      "meta.size[gt:number]": "10",
    });
  });

  it("surfaces an error on a later page as a typed error", async () => {
    const fetch = fakeFetch(page(["a"], "t1"), fail(403, 5403, "not authorized"));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const image of client(fetch).listImages()) seen.push(image.id);
    })().then(unexpected, (e: unknown) => e);
    expect(seen).toEqual(["a"]);
    expect(error).toMatchObject({ status: 403, codes: [5403] });
  });
});
