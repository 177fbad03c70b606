import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator } from "./server";
import { api, directUpload, envelope, png, uploaded } from "./test-support";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "darkroom-recovery-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fileOf = (id: string) => createHash("sha256").update(id).digest("hex");

describe("starting on a damaged data dir", () => {
  it("serves what is intact, sets aside (and reports) each damaged file, removes leftover temp files", async () => {
    const first = await startEmulator({ dataDir: dir });
    const keep = await png(20, 20);
    await uploaded(first, keep, { id: "intact" });
    await uploaded(first, await png(21, 21), { id: "truncated-record" });
    await uploaded(first, await png(22, 22), { id: "missing-bytes" });
    await uploaded(first, await png(23, 23), { id: "cut-bytes" });
    await directUpload(first, { id: "a-draft" });
    await first.stop();
    const images = join(dir, "images");
    await truncate(join(images, `${fileOf("truncated-record")}.json`), 10);
    await rm(join(images, `${fileOf("missing-bytes")}.bin`));
    await truncate(join(images, `${fileOf("cut-bytes")}.bin`), 30);
    await writeFile(join(images, `${fileOf("intact")}.json.0123456789ab.tmp`), "{");
    await writeFile(join(dir, "account.json.0123456789ab.tmp"), "{");

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const second = await startEmulator({ dataDir: dir });
    try {
      const lines = warn.mock.calls.map((c) => c.join(" "));
      expect(lines.filter((l) => l.includes("damaged"))).toHaveLength(3);
      for (const id of ["truncated-record", "missing-bytes", "cut-bytes"]) {
        expect(lines.some((l) => l.includes(fileOf(id)))).toBe(true);
        expect((await api(second, `v1/${id}`)).status).toBe(404);
      }
      const blob = Buffer.from(await (await api(second, "v1/intact/blob")).arrayBuffer());
      expect(blob.equals(keep)).toBe(true);
      expect((await envelope(await api(second, "v1/a-draft"))).result).toMatchObject({ draft: true });
      const left = await readdir(images);
      expect(left.filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      const aside = await readdir(join(dir, "damaged"));
      expect(aside.filter((f) => f.endsWith(".json"))).toHaveLength(3);
      // The damaged ids are free again.
      expect((await api(second, "v2?per_page=1000")).status).toBe(200);
      await uploaded(second, await png(9, 9), { id: "missing-bytes" });
    } finally {
      warn.mockRestore();
      await second.stop();
    }
  });

  it("sets aside a damaged account.json and starts with fresh credentials", async () => {
    const first = await startEmulator({ dataDir: dir });
    await first.stop();
    await writeFile(join(dir, "account.json"), '{"accountId": "trunc');
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const second = await startEmulator({ dataDir: dir });
    try {
      expect(warn.mock.calls.some((c) => c.join(" ").includes("account.json"))).toBe(true);
      expect((await envelope(await api(second, "v1/stats"))).success).toBe(true);
      expect(JSON.parse(await readFile(join(dir, "account.json"), "utf8")).accountId).toBe(second.accountId);
    } finally {
      warn.mockRestore();
      await second.stop();
    }
  });
});

describe("file names", () => {
  it("stores custom ids of any valid length (1,024 characters, multi-byte UTF-8) and reads them back", async () => {
    const ids = ["l".repeat(1024), `photos/${"é".repeat(500)}`, "日本/".repeat(100).slice(0, -1)];
    const first = await startEmulator({ dataDir: dir });
    for (const id of ids) {
      await uploaded(first, await png(10, 10), { id });
    }
    await first.stop();
    const second = await startEmulator({ dataDir: dir });
    try {
      for (const id of ids) {
        const got = await api(second, `v1/${id.split("/").map(encodeURIComponent).join("/")}`);
        expect((await envelope(got)).result).toMatchObject({ id });
      }
    } finally {
      await second.stop();
    }
  });

  it("reads a data dir written with base64url file names (before 0.2) and renames its files", async () => {
    const bytes = await png(12, 12);
    const id = "old/layout";
    const record = { id, filename: "a.png", meta: {}, requireSignedURLs: false, creator: null };
    const full = { ...record, uploaded: "2024-01-01T00:00:00.000Z", format: "png", width: 12, height: 12 };
    const key = Buffer.from(id).toString("base64url");
    const first = await startEmulator({ dataDir: dir });
    await first.stop();
    await writeFile(join(dir, "images", `${key}.json`), JSON.stringify({ ...full, seq: 1, rev: 1 }));
    await writeFile(join(dir, "images", `${key}.bin`), bytes);
    const second = await startEmulator({ dataDir: dir });
    try {
      const blob = Buffer.from(await (await api(second, `v1/${id}/blob`)).arrayBuffer());
      expect(blob.equals(bytes)).toBe(true);
      expect((await readdir(join(dir, "images"))).sort()).toEqual([
        `${fileOf(id)}.bin`,
        `${fileOf(id)}.json`,
      ]);
    } finally {
      await second.stop();
    }
  });
});
