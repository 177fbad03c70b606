import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "./server";
import { api, directUpload, envelope, jpeg, png, postFile, uploaded } from "./test-support";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "darkroom-emulator-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("--data-dir persistence", () => {
  it("keeps images, metadata, credentials, variants and config across a restart", async () => {
    const first = await startEmulator({ dataDir: dir });
    const original = await jpeg(400, 300);
    const { id } = await uploaded(first, original, { id: "trips/fox.jpg", metadata: '{"n":1}' });
    const { id: direct, uploadURL } = await directUpload(first, { creator: "ann" });
    expect((await postFile(uploadURL, await png(30, 30))).status).toBe(200);
    const { id: pending } = await directUpload(first);
    await api(first, "v1/variants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "thumb", options: { fit: "cover", width: 50, height: 50 } }),
    });
    const { accountId, accountHash, apiToken, signingKey } = first;
    await first.stop();

    const second = await startEmulator({ dataDir: dir });
    try {
      expect([second.accountId, second.accountHash, second.apiToken, second.signingKey]).toEqual([
        accountId,
        accountHash,
        apiToken,
        signingKey,
      ]);
      const details = await envelope(await api(second, `v1/${id}`));
      expect(details.result).toMatchObject({ id, meta: { n: 1 } });
      expect((await envelope(await api(second, `v1/${direct}`))).result).toMatchObject({ creator: "ann" });
      expect((await envelope(await api(second, `v1/${pending}`))).result).toMatchObject({ draft: true });
      const blob = Buffer.from(await (await api(second, `v1/${id}/blob`)).arrayBuffer());
      expect(blob.equals(original)).toBe(true);
      const thumb = await fetch(`${second.url}/${second.accountHash}/${id}/thumb`);
      expect(thumb.status).toBe(200);
      const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([50, 50]);
      const list = await envelope(await api(second, "v2?sort_order=asc"));
      expect((list.result as { images: { id: string }[] }).images.map((i) => i.id)).toEqual([id, direct]);
    } finally {
      await second.stop();
    }
  });

  it("persists deletions and leaves no temporary files behind", async () => {
    const first = await startEmulator({ dataDir: dir });
    const { id } = await uploaded(first, await png(10, 10));
    const { id: kept } = await uploaded(first, await png(12, 12));
    await api(first, `v1/${id}`, { method: "DELETE" });
    await first.stop();
    const files = await readdir(join(dir, "images"));
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(files).toHaveLength(2);
    const second = await startEmulator({ dataDir: dir });
    try {
      expect((await api(second, `v1/${id}`)).status).toBe(404);
      expect((await api(second, `v1/${kept}`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("keeps nothing between runs in memory mode", async () => {
    const first = await startEmulator({ apiToken: "t", accountId: "a1", accountHash: "h1" });
    await uploaded(first, await png(10, 10));
    await first.stop();
    const second = await startEmulator({ apiToken: "t", accountId: "a1", accountHash: "h1" });
    try {
      expect((await envelope(await api(second, "v1/stats"))).result).toEqual({
        count: { allowed: 100_000, current: 0 },
      });
    } finally {
      await second.stop();
    }
  });
});
