import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./server";
import { api, envelope, form, png } from "./test-support";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

const path = (id: string) => id.split("/").map(encodeURIComponent).join("/");

describe("custom ids that would shadow an API route", () => {
  // Each would be unreachable: `GET v1/stats` is the stats call, `GET v1/a/blob` the bytes of `a`, and so on.
  const shadowing = [
    "stats",
    "config",
    "variants",
    "keys",
    "variants/thumb",
    "keys/default",
    "a/blob",
    "x/y/blob",
  ];
  it.each(shadowing)("refuses %s with 400 / 5400 on POST images/v1 and direct_upload", async (id) => {
    const bytes = await png(8, 8);
    for (const [call, body] of [
      ["v1", form({ id, file: [bytes, "a.png"] })],
      ["v2/direct_upload", form({ id })],
    ] as const) {
      const response = await api(emu, call, { method: "POST", body });
      expect(response.status).toBe(400);
      const { errors } = await envelope(response);
      expect(errors[0]?.code).toBe(5400);
      expect(errors[0]?.message).toMatch(/reserved/);
    }
  });

  // Ids next to the routes stay usable, and every call on them reaches the image (so the rule is not too wide).
  const usable = [
    "blob",
    "blob/x",
    "statsx",
    "my/stats",
    "stats/x",
    "config/x",
    "variants/a/b",
    "keys/a/b",
    "a/blobs",
  ];
  it.each(usable)("accepts %s and serves GET, blob, PATCH and DELETE on it", async (id) => {
    const bytes = await png(9, 9);
    expect(
      (await api(emu, "v1", { method: "POST", body: form({ id, file: [bytes, "a.png"] }) })).status,
    ).toBe(200);
    expect((await envelope(await api(emu, `v1/${path(id)}`))).result).toMatchObject({ id });
    const blob = await api(emu, `v1/${path(id)}/blob`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);
    const patched = await api(emu, `v1/${path(id)}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { ok: 1 } }),
    });
    expect((await envelope(patched)).result).toMatchObject({ id, meta: { ok: 1 } });
    expect((await api(emu, `v1/${path(id)}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(emu, `v1/${path(id)}`)).status).toBe(404);
  });
});
