import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, envelope, form, png, postFile } from "./test-support";

let emu: Emulator;
let image: Buffer;
beforeAll(async () => {
  emu = await startEmulator();
  image = await png(40, 30);
});
afterAll(() => emu.stop());
afterEach(() => vi.useRealTimers());

const codeOf = async (response: Response) => (await envelope(response)).errors[0]?.code;
const createDraft = (fields: Record<string, string>) =>
  api(emu, "v2/direct_upload", { method: "POST", body: form(fields) });

describe("POST /images/v2/direct_upload", () => {
  it("returns an id and an upload URL on the emulator origin, and creates a listed-nowhere draft", async () => {
    const response = await createDraft({ metadata: '{"k":"v"}' });
    const body = await envelope(response);
    expect(body).toMatchObject({ success: true, result_info: null, errors: [], messages: [] });
    const { id, uploadURL } = body.result as { id: string; uploadURL: string };
    expect(uploadURL).toBe(`${emu.url}/${emu.accountHash}/${id}`);
    const details = await envelope(await api(emu, `v1/${id}`));
    expect(details.result).toMatchObject({ id, draft: true, meta: { k: "v" } });
    const list = await envelope(await api(emu, "v2"));
    expect((list.result as { images: { id: string }[] }).images.map((i) => i.id)).not.toContain(id);
  });

  it("accepts an expiry between now + 2 min and now + 6 h and refuses outside it with 400 / 5400", async () => {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    expect((await createDraft({ expiry: at(3 * 60_000) })).status).toBe(200);
    expect((await createDraft({ expiry: at(6 * 3600_000 - 60_000) })).status).toBe(200);
    for (const expiry of [at(60_000), at(6 * 3600_000 + 60_000), "tomorrow"]) {
      const response = await createDraft({ expiry });
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe(5400);
    }
  });

  it("applies the custom id rules", async () => {
    expect((await createDraft({ id: "a/b/c.jpg" })).status).toBe(200);
    expect((await createDraft({ id: "x".repeat(1024) })).status).toBe(200);
    const bad: Record<string, string>[] = [
      { id: "x".repeat(1025) },
      { id: "/lead" },
      { id: "trail/" },
      { id: "9f6a2c1e-1b2c-4d3e-8f90-112233445566" },
      { id: "ok-id", requireSignedURLs: "true" },
      { id: "bad\u0001id" },
    ];
    for (const fields of bad) {
      const response = await createDraft(fields);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe(5400);
    }
  });

  it("refuses an id held by a draft or an image with 409 / 5409; a deleted draft's id is free again", async () => {
    const first = await directUpload(emu, { id: "drafts/again" });
    const taken = await createDraft({ id: "drafts/again" });
    expect(taken.status).toBe(409);
    expect(await codeOf(taken)).toBe(5409);
    expect((await api(emu, "v1/drafts/again", { method: "DELETE" })).status).toBe(200);
    const second = await directUpload(emu, { id: "drafts/again" });
    expect(second.uploadURL).toBe(first.uploadURL);
    expect((await postFile(second.uploadURL, image)).status).toBe(200);
    const uploadedTaken = await createDraft({ id: "drafts/again" });
    expect(uploadedTaken.status).toBe(409);
    expect(await codeOf(uploadedTaken)).toBe(5409);
  });

  it("refuses metadata over 1024 bytes and accepts exactly 1024", async () => {
    const sized = (n: number) => JSON.stringify({ k: "x".repeat(n - 8) });
    expect(Buffer.byteLength(sized(1024))).toBe(1024);
    expect((await createDraft({ metadata: sized(1024) })).status).toBe(200);
    const response = await createDraft({ metadata: sized(1025) });
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe(5400);
    expect((await createDraft({ metadata: "{not json" })).status).toBe(400);
  });
});

describe("the one-time upload URL", () => {
  it("turns the draft into an image, once", async () => {
    const { id, uploadURL } = await directUpload(emu, { creator: "alice" });
    const response = await postFile(uploadURL, image, "cat.png");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await envelope(response);
    expect(body.result).toMatchObject({ id, filename: "cat.png", creator: "alice" });
    expect(body.result).not.toHaveProperty("draft");
    const details = await envelope(await api(emu, `v1/${id}`));
    expect(details.result).not.toHaveProperty("draft");
    const again = await postFile(uploadURL, await png(10, 10));
    expect(again.status).toBe(400);
    expect(await codeOf(again)).toBe(5400);
    const blob = await api(emu, `v1/${id}/blob`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(image)).toBe(true);
  });

  it("accepts only one of two concurrent uploads to the same URL", async () => {
    const { uploadURL } = await directUpload(emu);
    const [a, b] = await Promise.all([postFile(uploadURL, image), postFile(uploadURL, await png(41, 31))]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
  });

  it("refuses an expired URL with 400 / 5400 and keeps the draft", async () => {
    const { id, uploadURL } = await directUpload(emu);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const response = await postFile(uploadURL, image);
    expect(response.status).toBe(400);
    expect((await envelope(response)).errors[0]?.message).toMatch(/expired/);
    vi.useRealTimers();
    expect((await envelope(await api(emu, `v1/${id}`))).result).toMatchObject({ draft: true });
  });

  it("answers the CORS preflight for any origin and requested headers", async () => {
    const { uploadURL } = await directUpload(emu);
    const response = await fetch(uploadURL, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-custom",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe("x-custom");
  });

  it("answers 404 / 5404 for an unknown id or a wrong account hash", async () => {
    expect(await codeOf(await postFile(`${emu.url}/${emu.accountHash}/nope`, image))).toBe(5404);
    const { id } = await directUpload(emu);
    expect((await postFile(`${emu.url}/wronghash/${id}`, image)).status).toBe(404);
  });
});

describe("lists", () => {
  it("pages v1 with page/per_page and refuses per_page over 100", async () => {
    const fresh = await startEmulator();
    try {
      for (let i = 0; i < 12; i++) {
        await api(fresh, "v1", { method: "POST", body: form({ file: [image, `${i}.png`] }) });
      }
      const first = await envelope(await api(fresh, "v1?page=1&per_page=10"));
      const second = await envelope(await api(fresh, "v1?page=2&per_page=10"));
      const images = (body: Awaited<ReturnType<typeof envelope>>) =>
        (body.result?.images ?? []) as { filename: string }[];
      const names = [...images(first), ...images(second)];
      expect(names.map((n) => n.filename)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}.png`));
      expect((await api(fresh, "v1?per_page=101")).status).toBe(400);
      const v2 = await envelope(await api(fresh, "v2?per_page=10&sort_order=asc"));
      const token = (v2.result as { continuation_token: string }).continuation_token;
      expect(token).toBeTruthy();
      const rest = await envelope(
        await api(fresh, `v2?per_page=10&sort_order=asc&continuation_token=${token}`),
      );
      expect((rest.result as { images: unknown[]; continuation_token: unknown }).images).toHaveLength(2);
      expect((rest.result as { continuation_token: unknown }).continuation_token).toBeNull();
      expect((await api(fresh, "v2?per_page=1001")).status).toBe(400);
    } finally {
      await fresh.stop();
    }
  });

  it("filters v2 by creator and metadata (eq, in, gt, lt) and sorts", async () => {
    const fresh = await startEmulator();
    try {
      const add = (meta: object, creator?: string) =>
        api(fresh, "v1", {
          method: "POST",
          body: form({
            file: [image, "a.png"],
            metadata: JSON.stringify(meta),
            ...(creator ? { creator } : {}),
          }),
        });
      await add({ status: "active", n: 1, region: { name: "eu" } }, "bob");
      await add({ status: "pending", n: 5 });
      await add({ status: "deleted", n: 9 }, "bob");
      const metas = async (query: string) =>
        (
          (await envelope(await api(fresh, `v2?${query}`))).result as { images: { meta: { n: number } }[] }
        ).images.map((i) => i.meta.n);
      expect(await metas("sort_order=asc")).toEqual([1, 5, 9]);
      expect(await metas("sort_order=desc")).toEqual([9, 5, 1]);
      expect(await metas("meta.status[eq]=active")).toEqual([1]);
      expect(await metas("sort_order=asc&meta.status[in]=pending|deleted")).toEqual([5, 9]);
      expect(await metas("meta.n[gt:number]=4&meta.n[lt]=9")).toEqual([5]);
      expect(await metas("meta.region.name[eq]=eu")).toEqual([1]);
      expect(await metas("sort_order=asc&creator=bob")).toEqual([1, 9]);
      expect(await metas("creator=")).toEqual([5]);
      expect((await api(fresh, "v2?meta.n[gt]=abc")).status).toBe(400);
    } finally {
      await fresh.stop();
    }
  });
});
