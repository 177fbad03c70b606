import { describe, expect, it } from "vitest";
import { memoryDraftStore } from "./draft-store-memory";
import type { UploadDraft } from "./draft-types";

const draft = (key: string, extra: Partial<UploadDraft> = {}): UploadDraft => ({
  key,
  user: "u1",
  file: new Blob([key]),
  name: `${key}.png`,
  type: "image/png",
  size: key.length,
  createdAt: 100,
  expiresAt: 1000,
  ...extra,
});

describe("memoryDraftStore", () => {
  it("lists one user's unexpired drafts oldest first, and purges the expired ones of every user", async () => {
    const store = memoryDraftStore();
    await store.put(draft("new", { createdAt: 300 }));
    await store.put(draft("old", { createdAt: 200 }));
    await store.put(draft("theirs", { user: "u2" }));
    await store.put(draft("gone", { expiresAt: 500 }));
    await store.put(draft("gone2", { user: "u2", expiresAt: 500 }));
    expect((await store.list("u1", 500)).map((d) => d.key)).toEqual(["old", "new"]);
    expect((await store.list("u2", 0)).map((d) => d.key)).toEqual(["theirs"]);
  });

  it("claims are exclusive until released; a claimed draft is not listed", async () => {
    const store = memoryDraftStore();
    await store.put(draft("a"));
    const claim = await store.claim("a");
    expect(claim).toBeDefined();
    expect(await store.claim("a")).toBeUndefined();
    expect(await store.list("u1", 0)).toEqual([]);
    claim?.release();
    claim?.release();
    expect((await store.list("u1", 0)).map((d) => d.key)).toEqual(["a"]);
    const again = await store.claim("a");
    claim?.release();
    expect(await store.claim("a")).toBeUndefined();
    again?.release();
  });

  it("replaces a draft with the same key, and deletes by key", async () => {
    const store = memoryDraftStore();
    await store.put(draft("a", { name: "first.png" }));
    await store.put(draft("a", { name: "second.png" }));
    expect((await store.list("u1", 0)).map((d) => d.name)).toEqual(["second.png"]);
    await store.delete("a");
    await store.delete("missing");
    expect(await store.list("u1", 0)).toEqual([]);
  });
});
