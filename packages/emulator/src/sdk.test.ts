import Cloudflare, { toFile } from "cloudflare";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { jpeg, png, postFile } from "./test-support";

let emu: Emulator;
let client: Cloudflare;
let account_id: string;
beforeAll(async () => {
  emu = await startEmulator();
  client = new Cloudflare({ apiToken: emu.apiToken, baseURL: `${emu.url}/client/v4`, maxRetries: 0 });
  account_id = emu.accountId;
});
afterAll(() => emu.stop());

describe("the official cloudflare SDK against the emulator", () => {
  it("direct upload, browser POST, get, list, edit and delete", async () => {
    const draft = await client.images.v2.directUploads.create({
      account_id,
      metadata: JSON.stringify({ owner: "sdk" }),
      creator: "sdk-user",
    });
    expect(draft.uploadURL).toBe(`${emu.url}/${emu.accountHash}/${draft.id}`);
    const id = draft.id as string;
    expect(await client.images.v1.get(id, { account_id })).toMatchObject({ id, draft: true });

    const photo = await jpeg(640, 480);
    const posted = await postFile(draft.uploadURL as string, photo, "photo.jpg");
    expect(posted.status).toBe(200);

    const image = await client.images.v1.get(id, { account_id });
    expect(image).toMatchObject({ id, filename: "photo.jpg", meta: { owner: "sdk" }, creator: "sdk-user" });
    expect(image).not.toHaveProperty("draft");

    const list = await client.images.v2.list({ account_id });
    expect(list.images?.map((i) => i.id)).toContain(id);

    const edited = await client.images.v1.edit(id, { account_id, metadata: { owner: "edited" } });
    expect(edited.meta).toEqual({ owner: "edited" });

    const delivered = await fetch(image.variants?.[0] as string);
    expect((await sharp(Buffer.from(await delivered.arrayBuffer())).metadata()).width).toBe(640);

    expect(await client.images.v1.delete(id, { account_id })).toEqual({});
    await expect(client.images.v1.get(id, { account_id })).rejects.toMatchObject({ status: 404 });
  });

  it("uploads with v1.create, reads the blob, stats, variants, keys and object metadata fields", async () => {
    const bytes = await png(32, 32);
    const created = await client.images.v1.create({
      account_id,
      file: await toFile(bytes, "dot.png"),
      metadata: { team: "blue" },
    });
    expect(created).toMatchObject({ filename: "dot.png", meta: { team: "blue" } });
    const blob = await client.images.v1.blobs.get(created.id as string, { account_id });
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await client.images.v1.stats.get({ account_id })).count?.current).toBe(1);

    const variant = await client.images.v1.variants.create({
      account_id,
      id: "hero",
      options: { fit: "cover", width: 1200, height: 600, metadata: "none" },
    });
    expect(variant.variant?.id).toBe("hero");
    const variants = await client.images.v1.variants.list({ account_id });
    expect(Object.keys(variants.variants ?? {})).toEqual(["public", "hero"]);
    const edited = await client.images.v1.variants.edit("hero", {
      account_id,
      options: { fit: "contain", width: 800, height: 400, metadata: "keep" },
    });
    expect(edited.variant?.options).toMatchObject({ fit: "contain", width: 800 });
    await client.images.v1.variants.delete("hero", { account_id });
    await expect(client.images.v1.variants.get("hero", { account_id })).rejects.toMatchObject({
      status: 404,
    });

    const keys = await client.images.v1.keys.list({ account_id });
    expect(keys.keys?.[0]).toEqual({ name: "default", value: emu.signingKey });
    const replaced = await client.images.v1.keys.delete("default", { account_id });
    expect(replaced.keys).toHaveLength(1);
    expect(replaced.keys?.[0]?.value).not.toBe(keys.keys?.[0]?.value);
  });

  it("surfaces the emulator's errors as SDK API errors", async () => {
    const bad = new Cloudflare({ apiToken: "wrong", baseURL: `${emu.url}/client/v4`, maxRetries: 0 });
    await expect(bad.images.v1.get("x", { account_id })).rejects.toMatchObject({
      status: 403,
      errors: [{ code: 10000, message: "Authentication error" }],
    });
  });
});
