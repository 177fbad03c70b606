import { describe, expect, it } from "vitest";
import { fail, fakeFetch, ok } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import { draftImageId } from "./draft-id";
import { createUploadHandler } from "./handler";

/** A handler for user "alice" over a fake upstream (the emulator tests cover the real exchanges). */
function setup(fetch: ReturnType<typeof fakeFetch>, requireSignedURLs = false) {
  const client = createImagesClient({ accountId: "acc", apiToken: "t", fetch, retry: { attempts: 1 } });
  const handler = createUploadHandler({ client, authorize: () => ({ id: "alice" }), requireSignedURLs });
  const post = (body: unknown) =>
    handler(new Request("https://app/api/upload", { method: "POST", body: JSON.stringify(body) }));
  return { post, fetch };
}

describe("provisioning with a draftKey", () => {
  it("public: looks the derived id up, then provisions it with the key in metadata", async () => {
    const id = await draftImageId("alice", "k1");
    const { post, fetch } = setup(
      fakeFetch(fail(404, 5404, "Image not found"), ok({ id, uploadURL: `https://up/H/${id}` })),
    );
    const response = await post({ draftKey: "k1", metadata: { album: "x" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, uploadURL: `https://up/H/${id}` });
    expect(fetch.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      `GET /client/v4/accounts/acc/images/v1/${id}`,
      "POST /client/v4/accounts/acc/images/v2/direct_upload",
    ]);
    const form = Object.fromEntries(fetch.calls[1]?.body as FormData);
    expect(form).toMatchObject({ id, creator: "alice", metadata: '{"album":"x","draftKey":"k1"}' });
  });

  it("private: filters the v2 list on creator and metadata, then provisions without a custom id", async () => {
    const { post, fetch } = setup(
      fakeFetch(
        ok({ images: [], continuation_token: null }),
        ok({ id: "u-1", uploadURL: "https://up/H/u-1" }),
      ),
      true,
    );
    expect((await post({ draftKey: "k1" })).status).toBe(200);
    const query = Object.fromEntries(fetch.calls[0]?.url.searchParams ?? []);
    expect(query).toEqual({ creator: "alice", "meta.draftKey[eq]": "k1", sort_order: "asc" });
    const form = Object.fromEntries(fetch.calls[1]?.body as FormData);
    expect(form.id).toBeUndefined();
    expect(form.requireSignedURLs).toBe("true");
  });

  it("public: replaces its own draft even when the draft's details omit creator, as Cloudflare's example does", async () => {
    const id = await draftImageId("alice", "k1");
    const draft = {
      id,
      metadata: { draftKey: "k1" },
      uploaded: "2026-11-24T06:00:00Z",
      variants: [],
      draft: true,
    };
    const { post, fetch } = setup(fakeFetch(ok(draft), ok({}), ok({ id, uploadURL: `https://up/H/${id}` })));
    expect((await post({ draftKey: "k1" })).status).toBe(200);
    expect(fetch.calls.map((c) => c.method)).toEqual(["GET", "DELETE", "POST"]);
    const stranger = { ...draft, metadata: { draftKey: "other" } };
    const refused = setup(fakeFetch(ok(stranger)));
    expect((await refused.post({ draftKey: "k1" })).status).toBe(409);
    expect(refused.fetch.calls).toHaveLength(1);
  });

  it("answers 503 draft_busy with Retry-After when concurrent requests keep taking the id", async () => {
    const { post, fetch } = setup(
      fakeFetch(
        fail(404, 5404, "Image not found"),
        fail(409, 5409, "Resource already exists"),
        fail(404, 5404, "Image not found"),
        fail(409, 5409, "Resource already exists"),
      ),
    );
    const response = await post({ draftKey: "k1" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("draft_busy");
    expect(fetch.calls).toHaveLength(4);
  });
});
