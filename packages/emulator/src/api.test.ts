import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, envelope, form, png, uploaded, uploadV1 } from "./test-support";

let emu: Emulator;
let image: Buffer;
beforeAll(async () => {
  emu = await startEmulator();
  image = await png(64, 48);
});
afterAll(() => emu.stop());

describe("authentication", () => {
  it("answers 401 / 10000 in the v4 envelope without a token", async () => {
    const response = await api(emu, "v1", { headers: { authorization: "" } });
    expect(response.status).toBe(401);
    expect(await envelope(response)).toEqual({
      result: null,
      success: false,
      errors: [{ code: 10000, message: "Authentication error" }],
      messages: [],
    });
  });

  it("answers 403 / 10000 for a wrong token", async () => {
    const response = await api(emu, "v1", { headers: { authorization: "Bearer nope" } });
    expect(response.status).toBe(403);
    expect((await envelope(response)).errors[0]?.code).toBe(10000);
  });

  it("answers 403 / 5403 for an unknown account id", async () => {
    const response = await fetch(`${emu.url}/client/v4/accounts/ffff/images/v1`, {
      headers: { authorization: `Bearer ${emu.apiToken}` },
    });
    expect(response.status).toBe(403);
    expect((await envelope(response)).errors[0]?.code).toBe(5403);
  });
});

describe("POST /images/v1", () => {
  it("stores a file and returns the image object with variant URLs on the emulator origin", async () => {
    const response = await uploadV1(emu, image, { metadata: '{"album":"trip"}', creator: "u1" }, "fox.png");
    expect(response.status).toBe(200);
    const body = await envelope(response);
    expect(body.success).toBe(true);
    const result = body.result as Record<string, unknown>;
    expect(result).toMatchObject({ filename: "fox.png", meta: { album: "trip" }, creator: "u1" });
    expect(result.requireSignedURLs).toBe(false);
    expect(result.draft).toBeUndefined();
    expect(result.variants).toEqual([
      `${emu.url}/cdn-cgi/imagedelivery/${emu.accountHash}/${result.id}/public`,
    ]);
    expect(result.uploaded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("accepts a custom id with slashes and serves it back on GET", async () => {
    await uploaded(emu, image, { id: "users/42/fox.png" });
    const body = await envelope(await api(emu, "v1/users/42/fox.png"));
    expect((body.result as { id: string }).id).toBe("users/42/fox.png");
  });

  it("refuses a duplicate custom id with 409 / 5409", async () => {
    await uploaded(emu, image, { id: "dup" });
    const response = await uploadV1(emu, image, { id: "dup" });
    expect(response.status).toBe(409);
    expect((await envelope(response)).errors[0]?.code).toBe(5409);
  });

  it("fetches an image from a url", async () => {
    const { createServer } = await import("node:http");
    const origin = createServer((_, res) => res.writeHead(200, { "content-type": "image/png" }).end(image));
    await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
    const port = (origin.address() as { port: number }).port;
    try {
      const response = await api(emu, "v1", {
        method: "POST",
        body: form({ url: `http://127.0.0.1:${port}/pics/cat.png` }),
      });
      const body = await envelope(response);
      expect(body.result).toMatchObject({ filename: "cat.png" });
      const blob = await api(emu, `v1/${(body.result as { id: string }).id}/blob`);
      expect(Buffer.from(await blob.arrayBuffer()).equals(image)).toBe(true);
    } finally {
      origin.close();
    }
  });

  it("answers 400 when the url's origin fails, and when both file and url are sent", async () => {
    const missing = await api(emu, "v1", { method: "POST", body: form({ url: "http://127.0.0.1:1/x.png" }) });
    expect(missing.status).toBe(400);
    const both = await api(emu, "v1", {
      method: "POST",
      body: form({ url: "http://127.0.0.1:1/x.png", file: [image, "a.png"] }),
    });
    expect((await envelope(both)).errors[0]?.code).toBe(5400);
  });
});

describe("image details, edit, blob and delete", () => {
  it("edits metadata, creator and requireSignedURLs with a JSON PATCH, leaving the rest alone", async () => {
    const { id } = await uploaded(emu, image, { metadata: '{"a":1}', creator: "x" });
    const response = await api(emu, `v1/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { b: 2 }, requireSignedURLs: true }),
    });
    expect((await envelope(response)).result).toMatchObject({
      meta: { b: 2 },
      creator: "x",
      requireSignedURLs: true,
    });
  });

  it("returns the original bytes from /blob", async () => {
    const { id } = await uploaded(emu, image);
    const response = await api(emu, `v1/${id}/blob`);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true);
  });

  it("deletes with result {} and then answers 404 / 5404", async () => {
    const { id } = await uploaded(emu, image);
    const deleted = await envelope(await api(emu, `v1/${id}`, { method: "DELETE" }));
    expect(deleted).toMatchObject({ success: true, result: {} });
    const gone = await api(emu, `v1/${id}`);
    expect(gone.status).toBe(404);
    expect((await envelope(gone)).errors[0]?.code).toBe(5404);
    expect((await api(emu, `v1/${id}`, { method: "DELETE" })).status).toBe(404);
  });
});
