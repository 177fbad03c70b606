import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, envelope, png, uploaded } from "./test-support";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

const send = (method: string, path: string, body?: unknown) =>
  api(emu, path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const codeOf = async (response: Response) => (await envelope(response)).errors[0]?.code;

describe("variants", () => {
  it("start with public and list as a map by id", async () => {
    const body = await envelope(await api(emu, "v1/variants"));
    expect(body.result).toEqual({
      variants: {
        public: {
          id: "public",
          options: { fit: "scale-down", width: 1366, height: 768, metadata: "none" },
          neverRequireSignedURLs: false,
        },
      },
    });
  });

  it("refuse bad ids, fits, sizes and duplicates", async () => {
    const bad = [
      { id: "has space", options: { width: 10 } },
      { id: "w=10", options: { width: 10 } },
      { id: "v1", options: { fit: "squash", width: 10 } },
      { id: "v2", options: { width: 0 } },
      { id: "v3", options: {} },
      { id: "public", options: { width: 10 } },
    ];
    for (const variant of bad)
      expect((await send("POST", "v1/variants", variant)).status).toBeGreaterThanOrEqual(400);
    expect(await codeOf(await send("POST", "v1/variants", bad[5]))).toBe(5409);
    expect(await codeOf(await api(emu, "v1/variants/none"))).toBe(5401);
  });

  it("change delivered sizes when edited, and stop serving once deleted", async () => {
    const { id } = await uploaded(emu, await png(400, 400));
    await send("POST", "v1/variants", { id: "thumb", options: { fit: "scale-down", width: 100 } });
    const width = async () => {
      const response = await fetch(`${emu.url}/${emu.accountHash}/${id}/thumb`);
      return response.ok
        ? (await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width
        : response.status;
    };
    expect(await width()).toBe(100);
    const edited = await send("PATCH", "v1/variants/thumb", { options: { fit: "scale-down", width: 50 } });
    expect((await envelope(edited)).result).toMatchObject({
      variant: { id: "thumb", options: { width: 50 } },
    });
    expect(await width()).toBe(50);
    const image = await envelope(await api(emu, `v1/${id}`));
    expect((image.result as { variants: string[] }).variants).toContain(
      `${emu.url}/cdn-cgi/imagedelivery/${emu.accountHash}/${id}/thumb`,
    );
    expect((await send("DELETE", "v1/variants/thumb")).status).toBe(200);
    expect(await width()).toBe(404);
  });
});

describe("keys", () => {
  it("create, list and delete, regenerating a default key when the last one goes", async () => {
    const before = emu.signingKey;
    const created = await envelope(await api(emu, "v1/keys/extra", { method: "PUT" }));
    expect((created.result as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual([
      "default",
      "extra",
    ]);
    await api(emu, "v1/keys/default", { method: "DELETE" });
    const left = await envelope(await api(emu, "v1/keys/extra", { method: "DELETE" }));
    const keys = (left.result as { keys: { name: string; value: string }[] }).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]?.name).toBe("default");
    expect(keys[0]?.value).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]?.value).not.toBe(before);
    expect(emu.signingKey).toBe(keys[0]?.value);
    expect((await api(emu, "v1/keys/missing", { method: "DELETE" })).status).toBe(404);
  });
});

describe("config and stats", () => {
  it("read and validate the config", async () => {
    expect((await envelope(await api(emu, "v1/config"))).result).toEqual({
      flexible_variants: false,
      browser_ttl: 172800,
    });
    expect(await codeOf(await send("PATCH", "v1/config", { flexible_variants: "yes" }))).toBe(5400);
    expect(await codeOf(await send("PATCH", "v1/config", { browser_ttl: 31_536_001 }))).toBe(5400);
    expect((await envelope(await send("PATCH", "v1/config", { flexible_variants: true }))).result).toEqual({
      flexible_variants: true,
      browser_ttl: 172800,
    });
  });

  it("count uploaded images but not drafts", async () => {
    const fresh = await startEmulator();
    try {
      await uploaded(fresh, await png(5, 5));
      await api(fresh, "v2/direct_upload", { method: "POST", body: new FormData() });
      expect((await envelope(await api(fresh, "v1/stats"))).result).toEqual({
        count: { allowed: 100_000, current: 1 },
      });
    } finally {
      await fresh.stop();
    }
  });
});

describe("routing", () => {
  it("answers unknown paths 404 / 7003 and wrong methods 405 in the envelope", async () => {
    expect(await codeOf(await api(emu, "v3/things"))).toBe(7003);
    expect((await api(emu, "v1", { method: "PUT" })).status).toBe(405);
    expect((await api(emu, "v2/direct_upload")).status).toBe(405);
    expect(await codeOf(await send("PATCH", "v1/some-id", [1, 2]))).toBe(5400);
    expect((await fetch(`${emu.url}/anything`, { method: "PUT" })).status).toBe(405);
  });
});
