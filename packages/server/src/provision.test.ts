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
    handler(
      new Request("https://app/api/upload", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ size: 100, type: "image/png", ...(body as object) }),
      }),
    );
  return { post, fetch };
}

describe("provisioning with a draftKey", () => {
  it("public: provisions the derived id with the key in metadata in one call when the id is free", async () => {
    const id = await draftImageId("alice", "k1");
    const { post, fetch } = setup(fakeFetch(ok({ id, uploadURL: `https://up/H/${id}` })));
    const response = await post({ draftKey: "k1", metadata: { album: "x" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, uploadURL: `https://up/H/${id}` });
    expect(fetch.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "POST /client/v4/accounts/acc/images/v2/direct_upload",
    ]);
    const form = Object.fromEntries(fetch.calls[0]?.body as FormData);
    expect(form).toMatchObject({ id, creator: "alice", metadata: '{"album":"x","draftKey":"k1"}' });
  });

  it("private: on a first attempt provisions without a custom id and without a look-up", async () => {
    const { post, fetch } = setup(fakeFetch(ok({ id: "u-1", uploadURL: "https://up/H/u-1" })), true);
    expect((await post({ draftKey: "k1" })).status).toBe(200);
    expect(fetch.calls.map((c) => c.method)).toEqual(["POST"]);
  });

  it("private: on a retry filters the v2 list on creator and metadata, then provisions without a custom id", async () => {
    const { post, fetch } = setup(
      fakeFetch(
        ok({ images: [], continuation_token: null }),
        ok({ id: "u-1", uploadURL: "https://up/H/u-1" }),
      ),
      true,
    );
    expect((await post({ draftKey: "k1", retry: true })).status).toBe(200);
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
    const taken = () => fail(409, 5409, "Resource already exists");
    const { post, fetch } = setup(
      fakeFetch(taken(), ok(draft), ok({}), ok({ id, uploadURL: `https://up/H/${id}` })),
    );
    expect((await post({ draftKey: "k1" })).status).toBe(200);
    expect(fetch.calls.map((c) => c.method)).toEqual(["POST", "GET", "DELETE", "POST"]);
    const stranger = { ...draft, metadata: { draftKey: "other" } };
    const refused = setup(fakeFetch(taken(), ok(stranger)));
    expect((await refused.post({ draftKey: "k1" })).status).toBe(409);
    expect(refused.fetch.calls.map((c) => c.method)).toEqual(["POST", "GET"]);
  });

  it("answers 503 draft_busy with Retry-After when concurrent requests keep taking the id", async () => {
    // The id is taken at every attempt, yet gone each time it is looked at.
    const taken = () => fail(409, 5409, "Resource already exists");
    const gone = () => fail(404, 5404, "Image not found");
    const { post, fetch } = setup(fakeFetch(taken(), gone(), taken(), gone(), taken(), gone()));
    const response = await post({ draftKey: "k1" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("draft_busy");
    expect(fetch.calls).toHaveLength(6);
  });
});
