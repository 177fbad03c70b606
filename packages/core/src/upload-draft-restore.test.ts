import { describe, expect, it, vi } from "vitest";
import { memoryDraftStore } from "./draft-store-memory";
import type { DraftStore, UploadDraft } from "./draft-types";
import {
  bytesOf,
  cloudflare,
  flush,
  photo,
  png,
  setup,
  useUploadTestClock,
} from "./upload-fakes.test-helper";
import { TransportError } from "./upload-transport";

useUploadTestClock();

const HOUR = 3_600_000;

/** A draft as an earlier page left it: bytes that are not even an image, to show they are not validated again. */
function draft(key: string, extra: Partial<UploadDraft> = {}): UploadDraft {
  const file = new Blob([`bytes of ${key}`], { type: "image/jpeg" });
  const now = Date.now();
  return {
    key,
    user: "u1",
    file,
    name: `${key}.jpg`,
    type: "image/jpeg",
    size: file.size,
    metadata: { album: "trip", width: 800, height: 600, blurhash: "LEHV6nWB2yk8" },
    createdAt: now,
    expiresAt: now + HOUR,
    ...extra,
  };
}

async function storeWith(...drafts: UploadDraft[]): Promise<DraftStore> {
  const store = memoryDraftStore();
  for (const d of drafts) await store.put(d);
  return store;
}

describe("Uploader drafts left by an earlier page", () => {
  it("loadDrafts shows this user's unexpired drafts, oldest first, and purges expired ones", async () => {
    const now = Date.now();
    const store = await storeWith(
      draft("b", { createdAt: now - 2000 }),
      draft("a", { createdAt: now - 5000 }),
      draft("theirs", { user: "u2" }),
      draft("old", { createdAt: now - 2 * HOUR, expiresAt: now - 1 }),
    );
    const { uploader } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    expect(uploader.getSnapshot()).toMatchObject({ drafts: [], draftsLoaded: false });
    await uploader.loadDrafts();
    const { drafts, draftsLoaded } = uploader.getSnapshot();
    expect(draftsLoaded).toBe(true);
    expect(drafts).toEqual([
      { key: "a", name: "a.jpg", size: 10, createdAt: now - 5000, expiresAt: now + HOUR },
      { key: "b", name: "b.jpg", size: 10, createdAt: now - 2000, expiresAt: now + HOUR },
    ]);
    expect((await store.list("u1", 0)).map((d) => d.key)).not.toContain("old");
  });

  it("restoreDrafts sends the stored bytes and metadata under its key, without validation or preprocess", async () => {
    const preprocess = vi.fn(async () => ({ width: 1, height: 1 }));
    const onUploaded = vi.fn();
    const stored = draft("k1");
    const store = await storeWith(stored);
    const { uploader, api, edge, file } = setup({
      draftDelay: 0,
      drafts: store,
      user: "u1",
      preprocess,
      onUploaded,
    });
    await uploader.loadDrafts();
    await uploader.restoreDrafts();
    expect(uploader.getSnapshot().drafts).toEqual([]);
    await flush();
    expect(file()).toMatchObject({ name: "k1.jpg", status: "uploading", draft: "saved" });
    expect(api.bodies[0]).toEqual({
      filename: "k1.jpg",
      size: stored.size,
      type: "image/jpeg",
      metadata: stored.metadata,
      draftKey: "k1",
      // An earlier page provisioned it: the endpoint is told to look for it first.
      retry: true,
    });
    expect(await bytesOf(edge.last().file)).toEqual(await bytesOf(stored.file));
    // Another tab cannot take it while this one sends it.
    expect(await store.claim("k1")).toBeUndefined();
    edge.last().answer(cloudflare(200, [], "img-1", ["https://imagedelivery.net/h/img-1/public"]));
    await flush();
    expect(file()?.status).toBe("done");
    expect(preprocess).not.toHaveBeenCalled();
    expect(onUploaded).toHaveBeenCalledExactlyOnceWith({
      id: "img-1",
      url: "https://imagedelivery.net/h/img-1/public",
      width: 800,
      height: 600,
      blurhash: "LEHV6nWB2yk8",
      meta: stored.metadata,
      name: "k1.jpg",
      fileId: file()?.id,
    });
    uploader.destroy();
    await flush();
    expect(await store.list("u1", Date.now())).toEqual([]);
  });

  it("skips a draft another tab claimed first, and stops showing it", async () => {
    const store = await storeWith(draft("mine"), draft("taken"));
    const { uploader, api } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await uploader.loadDrafts();
    expect(uploader.getSnapshot().drafts.map((d) => d.key)).toEqual(["mine", "taken"]);
    const other = await store.claim("taken");
    await uploader.restoreDrafts(["mine", "taken"]);
    await flush();
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(["mine.jpg"]);
    expect(uploader.getSnapshot().drafts).toEqual([]);
    expect(api.bodies.map((b) => b.draftKey)).toEqual(["mine"]);
    other?.release();
  });

  it("skips a draft another tab claims between listing and claiming", async () => {
    const inner = await storeWith(draft("mine"), draft("taken"));
    let lists = 0;
    const store: DraftStore = {
      ...inner,
      async list(user, now) {
        const found = await inner.list(user, now);
        // The other tab wins the race during the second listing, the one `restoreDrafts` makes.
        if (++lists === 2) await inner.claim("taken");
        return found;
      },
    };
    const { uploader } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await uploader.loadDrafts();
    await uploader.restoreDrafts();
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(["mine.jpg"]);
    expect(uploader.getSnapshot().drafts).toEqual([]);
  });

  it("restores and discards only the keys asked for", async () => {
    const store = await storeWith(draft("a"), draft("b"), draft("c"));
    const { uploader } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await uploader.loadDrafts();
    await uploader.restoreDrafts(["b"]);
    expect(uploader.getSnapshot().files.map((f) => f.name)).toEqual(["b.jpg"]);
    expect(uploader.getSnapshot().drafts.map((d) => d.key)).toEqual(["a", "c"]);
    await uploader.discardDrafts(["c"]);
    expect(uploader.getSnapshot().drafts.map((d) => d.key)).toEqual(["a"]);
    expect((await store.list("u1", Date.now())).map((d) => d.key)).toEqual(["a"]);
    await uploader.discardDrafts();
    expect(uploader.getSnapshot()).toMatchObject({ drafts: [], draftsLoaded: true });
    expect(await store.list("u1", Date.now())).toEqual([]);
  });

  it("a file whose transfer failed in one page is offered by the next one, and uploads from there", async () => {
    const store = memoryDraftStore();
    const first = setup({ draftDelay: 0, drafts: store, user: "u1", retry: { attempts: 1 } });
    first.uploader.add([photo("fox.png"), Object.assign(new Blob(["<html>"]), { name: "page.png" })]);
    await flush();
    first.edge.last().fail(new TransportError("network"));
    await flush();
    expect(first.uploader.getSnapshot().files.map((f) => f.failure?.kind)).toEqual(["transfer", "invalid"]);
    const key = first.api.bodies[0]?.draftKey;
    // The page goes away: its claims end, its drafts stay.
    first.uploader.destroy();
    await flush();

    const second = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await second.uploader.loadDrafts();
    // Only the file that was sent is kept: an invalid one would fail again.
    expect(second.uploader.getSnapshot().drafts).toMatchObject([{ key, name: "fox.png", size: png.length }]);
    await second.uploader.restoreDrafts();
    await flush();
    expect(second.api.bodies[0]?.draftKey).toBe(key);
    expect(await bytesOf(second.edge.last().file)).toEqual(png);
    second.edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(second.file()?.status).toBe("done");
    expect(await store.list("u1", Date.now())).toEqual([]);
  });

  it("a restored draft that is cancelled and retried is saved again with its name and date", async () => {
    const store = await storeWith(draft("k1", { lastModified: 42 }));
    const { uploader, file } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await uploader.restoreDrafts();
    await flush();
    const id = file()?.id ?? "";
    uploader.cancel(id);
    await flush();
    expect(await store.list("u1", Date.now())).toEqual([]);
    uploader.retry(id);
    await flush();
    uploader.destroy();
    await flush();
    expect(await store.list("u1", Date.now())).toMatchObject([
      { key: "k1", name: "k1.jpg", lastModified: 42 },
    ]);
  });

  it("shows the new user's drafts after the user changes", async () => {
    const store = await storeWith(draft("a"), draft("b", { user: "u2" }));
    const { uploader } = setup({ draftDelay: 0, drafts: store, user: "u1" });
    await uploader.loadDrafts();
    expect(uploader.getSnapshot().drafts.map((d) => d.key)).toEqual(["a"]);
    uploader.setOptions({ user: "u2" });
    expect(uploader.getSnapshot()).toMatchObject({ drafts: [], draftsLoaded: false });
    await flush();
    expect(uploader.getSnapshot().drafts.map((d) => d.key)).toEqual(["b"]);
  });
});
