import { describe, expect, it } from "vitest";
import { memoryDraftStore } from "./draft-store-memory";
import { type DraftStore, DraftStoreError, type UploadDraft } from "./draft-types";
import {
  advance,
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

/** A memory store whose puts are recorded and can be held until `open()` (or refused with `refuse`). */
function watchedStore(refuse?: DraftStoreError) {
  const inner = memoryDraftStore();
  const puts: UploadDraft[] = [];
  let open = () => {};
  const held = new Promise<void>((resolve) => {
    open = resolve;
  });
  let holding = false;
  const store: DraftStore = {
    ...inner,
    async put(draft) {
      puts.push(draft);
      if (holding) await held;
      if (refuse) throw refuse;
      return inner.put(draft);
    },
  };
  return { store, puts, hold: () => (holding = true), open };
}

/** Whether the store still holds `key`: claimed here for a moment, listed, released. */
async function stored(store: DraftStore, key: string, user = ""): Promise<boolean> {
  const claim = await store.claim(key);
  claim?.release();
  const found = await store.list(user, Date.now());
  // A draft claimed by the uploader is left out of `list`, so only a released or deleted one can be checked.
  return found.some((draft) => draft.key === key);
}

describe("Uploader drafts", () => {
  it("saves the file as a claimed draft of the user while it is provisioned, and deletes it once done", async () => {
    const { store, puts, hold, open } = watchedStore();
    hold();
    const { uploader, api, edge, file } = setup({
      draftDelay: 0,
      drafts: store,
      user: "u1",
      draftTtl: 60,
      metadata: { album: "trip" },
    });
    uploader.add([Object.assign(photo("fox.png"), { lastModified: 1234 })]);
    await flush();
    // The upload does not wait for IndexedDB: provisioning starts while the save is still held.
    expect(api.calls()).toBe(1);
    expect(file()?.draft).toBe("unsaved");
    open();
    await flush();
    expect(file()?.draft).toBe("saved");
    const draft = puts[0] as UploadDraft;
    expect(draft).toMatchObject({
      user: "u1",
      name: "fox.png",
      type: "image/png",
      size: png.length,
      lastModified: 1234,
      metadata: { album: "trip" },
      createdAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    expect(await bytesOf(draft.file)).toEqual(png);
    expect(api.bodies[0]?.draftKey).toBe(draft.key);
    // Another tab can neither claim nor list it while this one shows the file.
    expect(await store.claim(draft.key)).toBeUndefined();
    expect(await store.list("u1", Date.now())).toEqual([]);

    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()).toMatchObject({ status: "done", draft: "unsaved" });
    expect(await stored(store, draft.key, "u1")).toBe(false);
    const claim = await store.claim(draft.key);
    expect(claim).toBeDefined();
  });

  it("by default writes nothing for an upload that ends within a second, and keeps one that takes longer", async () => {
    const { store, puts } = watchedStore();
    const { uploader, edge, file } = setup({ drafts: store });
    uploader.add([photo("quick.png")]);
    await advance(900);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()).toMatchObject({ status: "done", draft: "unsaved" });
    expect(puts).toHaveLength(0);

    uploader.add([photo("slow.png")]);
    await advance(999);
    expect(puts).toHaveLength(0);
    await advance(1);
    expect(file(1)).toMatchObject({ status: "uploading", draft: "saved" });
    expect(puts.map((p) => p.name)).toEqual(["slow.png"]);
  });

  it("keeps the draft when the transfer fails, and retry() sends it without saving it again", async () => {
    const { store, puts } = watchedStore();
    const { uploader, edge, file } = setup({ draftDelay: 0, drafts: store, retry: { attempts: 1 } });
    const [id = ""] = uploader.add([photo()]);
    await flush();
    edge.last().fail(new TransportError("network"));
    await flush();
    expect(file()).toMatchObject({ status: "failed", draft: "saved", failure: { kind: "transfer" } });
    uploader.retry(id);
    await flush();
    expect(puts).toHaveLength(1);
    expect(edge.requests).toHaveLength(2);
    uploader.destroy();
    await flush();
    expect(await stored(store, puts[0]?.key ?? "")).toBe(true);
  });

  it("shows a failure only together with the draft's outcome, never one before the other", async () => {
    for (const refuse of [undefined, new DraftStoreError("quota", "full")]) {
      const { store, hold, open } = watchedStore(refuse);
      // Saved only when the upload fails (draftDelay is long), and the write is held: a slow IndexedDB.
      const { uploader, edge, file } = setup({ draftDelay: 60_000, drafts: store, retry: { attempts: 1 } });
      const seen: string[] = [];
      uploader.subscribe(() => seen.push(`${file()?.status}/${file()?.draft}`));
      uploader.add([photo()]);
      await flush();
      hold();
      edge.last().fail(new TransportError("network"));
      await flush();
      expect(file()?.status).not.toBe("failed");
      open();
      await flush();
      const outcome = refuse ? "failed/failed" : "failed/saved";
      expect(file()).toMatchObject({ status: "failed", draft: refuse ? "failed" : "saved" });
      expect(seen.filter((s) => s.startsWith("failed/"))).toEqual([outcome]);
      uploader.destroy();
    }
  });

  it("cancel() deletes the draft, and retry() saves it again under the same key", async () => {
    const { store, puts } = watchedStore();
    const { uploader, api, edge, file } = setup({ draftDelay: 0, drafts: store });
    const [id = ""] = uploader.add([photo()]);
    await flush();
    const key = puts[0]?.key ?? "";
    uploader.cancel(id);
    await flush();
    expect(file()).toMatchObject({ status: "failed", draft: "unsaved" });
    expect(await stored(store, key)).toBe(false);
    uploader.retry(id);
    await flush();
    expect(file()?.draft).toBe("saved");
    expect(puts.map((p) => p.key)).toEqual([key, key]);
    // The upload URL was kept, so the file is sent again without asking the endpoint.
    expect(api.bodies.map((b) => b.draftKey)).toEqual([key]);
    expect(edge.requests).toHaveLength(2);
    edge.last().answer(cloudflare(200, [], "img-2"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("remove() deletes the draft and lets other tabs claim its key", async () => {
    const { store, puts } = watchedStore();
    const { uploader } = setup({ draftDelay: 0, drafts: store });
    const [id = ""] = uploader.add([photo()]);
    await flush();
    uploader.remove(id);
    await flush();
    const key = puts[0]?.key ?? "";
    expect(await stored(store, key)).toBe(false);
    expect(await store.claim(key)).toBeDefined();
  });

  it("deletes the draft of a file Cloudflare refused, since sending it again cannot work", async () => {
    const { store, puts } = watchedStore();
    const { uploader, edge, file } = setup({ draftDelay: 0, drafts: store });
    uploader.add([photo()]);
    await flush();
    edge.last().answer(cloudflare(415, [{ code: 5455, message: "Bad image" }]));
    await flush();
    expect(file()).toMatchObject({ status: "failed", draft: "unsaved", failure: { kind: "rejected" } });
    uploader.destroy();
    await flush();
    expect(await stored(store, puts[0]?.key ?? "")).toBe(false);
  });

  it("a full storage does not stop the upload: the file says what keeping no copy means", async () => {
    const { store } = watchedStore(new DraftStoreError("quota", "full"));
    const { uploader, edge, file } = setup({ draftDelay: 0, drafts: store });
    uploader.add([photo("cat.jpg")]);
    await flush();
    expect(file()).toMatchObject({ status: "uploading", draft: "failed" });
    expect(file()?.draftError).toBe(
      "Could not keep a local copy of cat.jpg (your browser's storage is full). If the upload fails you will need to choose the file again.",
    );
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("words an unavailable store differently, and takes the app's messages", async () => {
    const unavailable = watchedStore(new DraftStoreError("unavailable", "no IndexedDB"));
    const first = setup({ draftDelay: 0, drafts: unavailable.store });
    first.uploader.add([photo("cat.jpg")]);
    await flush();
    expect(first.file()?.draftError).toMatch(/^Could not keep a local copy of cat\.jpg \(this browser/);
    expect(first.file()?.draftError).not.toContain("full");

    const full = watchedStore(new DraftStoreError("quota", "full"));
    const second = setup({
      draftDelay: 0,
      drafts: full.store,
      draftMessages: { quota: (c) => `${c.name} : stockage plein` },
    });
    second.uploader.add([photo("cat.jpg")]);
    await flush();
    expect(second.file()?.draftError).toBe("cat.jpg : stockage plein");
  });
});
