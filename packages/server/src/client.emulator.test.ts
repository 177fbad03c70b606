import { type Emulator, startEmulator } from "@darkroom/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { unexpected } from "../test/fake-fetch";
import { createImagesClient, type ImagesClientOptions } from "./client";
import { CircuitOpenError, type CloudflareImagesError } from "./errors";
import { createUploadHandler } from "./handler";
import { signUrl } from "./signing";

// A 1×1 PNG: the emulator decodes what it is sent.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
}, 30_000);
afterAll(() => emulator?.stop());
beforeEach(() => emulator.faults.clear());

function client(options: Partial<ImagesClientOptions> = {}) {
  return createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
    retry: { baseMs: 10, capMs: 50 },
    ...options,
  });
}

/** What the browser does with an upload URL: one multipart POST, field `file`, no auth. */
async function browserUpload(uploadURL: string, name = "dot.png"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), name);
  return fetch(uploadURL, { method: "POST", body: form });
}

describe("against the emulator", () => {
  it("provisions a direct upload, sees the draft, uploads, updates and deletes", async () => {
    const images = client();
    const { id, uploadURL } = await images.createDirectUpload({
      id: "users/alice/dot",
      metadata: { album: "summer" },
      creator: "alice",
      expiry: new Date(Date.now() + 10 * 60_000),
    });
    expect(id).toBe("users/alice/dot");
    expect(uploadURL.startsWith(emulator.url)).toBe(true);
    expect(await images.getImage(id)).toMatchObject({ id, draft: true });
    expect((await browserUpload(uploadURL)).status).toBe(200);
    const uploaded = await images.getImage(id);
    expect(uploaded).toMatchObject({ id, filename: "dot.png", creator: "alice", meta: { album: "summer" } });
    expect(uploaded.draft).toBeUndefined();
    const updated = await images.updateImage(id, { metadata: { album: "winter" } });
    expect(updated.meta).toEqual({ album: "winter" });
    await images.deleteImage(id);
    const gone = await images.getImage(id).then(unexpected, (e: CloudflareImagesError) => e);
    expect(gone).toMatchObject({ status: 404, codes: [5404], retryable: false });
  });

  it("lists uploaded images across several pages", async () => {
    const images = client();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const upload = await images.createDirectUpload({ creator: "lister", metadata: { n: i } });
      expect((await browserUpload(upload.uploadURL)).status).toBe(200);
      ids.push(upload.id);
    }
    await images.createDirectUpload({ creator: "lister" }); // a draft, never listed
    const listed: string[] = [];
    let pages = 0;
    for await (const page of images
      .listImages({ creator: "lister", perPage: 10, sortOrder: "asc" })
      .pages()) {
      pages++;
      listed.push(...page.images.map((image) => image.id));
    }
    expect(pages).toBe(3);
    expect(listed).toEqual(ids);
    const filtered: string[] = [];
    for await (const image of images.listImages({ creator: "lister", meta: { "n[gte:number]": 20 } })) {
      filtered.push(image.id);
    }
    expect(filtered.sort()).toEqual(ids.slice(20).sort());
  }, 30_000);

  it("retries an injected 503 and a 429 with Retry-After, then succeeds", async () => {
    emulator.faults.add({ endpoint: "direct_upload", kind: "status", status: 503, code: 5503 });
    emulator.faults.add({ endpoint: "direct_upload", kind: "rate_limit", retryAfter: 1 });
    const started = Date.now();
    const upload = await client().createDirectUpload();
    expect(upload.uploadURL).toContain(upload.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emulator.faults.list()).toEqual([]);
  });

  it("opens the breaker after 5 failures and closes it after a successful trial", async () => {
    emulator.faults.add({ endpoint: "api", kind: "status", status: 500, persistent: true });
    const clock = { now: Date.now() };
    const images = client({ retry: { attempts: 1 }, breaker: { now: () => clock.now } });
    for (let i = 0; i < 5; i++) await expect(images.getImage("x")).rejects.toMatchObject({ status: 500 });
    await expect(images.getImage("x")).rejects.toBeInstanceOf(CircuitOpenError);
    emulator.faults.clear();
    clock.now += 30_000;
    await expect(images.getImage("x")).rejects.toMatchObject({ status: 404 });
    await expect(images.getImage("x")).rejects.toMatchObject({ status: 404 });
  });

  it("rejects a wrong token without retrying and without echoing it", async () => {
    const error = await client({ apiToken: "wrong-token-value" })
      .getImage("x")
      .then(unexpected, (e: CloudflareImagesError) => e);
    expect([401, 403]).toContain(error.status);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain("wrong-token-value");
  });

  it("runs the upload handler end to end and signs delivery URLs the emulator accepts", async () => {
    const handler = createUploadHandler({
      client: client(),
      authorize: () => ({ id: "bob" }),
      requireSignedURLs: true,
    });
    const response = await handler(
      new Request("http://app/api/upload", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ draftKey: "k1", size: 68, type: "image/png" }),
      }),
    );
    expect(response.status).toBe(200);
    const { id, uploadURL } = (await response.json()) as { id: string; uploadURL: string };
    expect((await browserUpload(uploadURL)).status).toBe(200);
    const image = await client().getImage(id);
    expect(image).toMatchObject({ creator: "bob", meta: { draftKey: "k1" }, requireSignedURLs: true });
    const delivery = image.variants[0] ?? "";
    expect((await fetch(delivery)).status).toBe(403);
    const signed = await signUrl(delivery, emulator.signingKey, { expiresIn: 60 });
    expect((await fetch(signed)).status).toBe(200);
    const expired = await signUrl(delivery, emulator.signingKey, {
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    expect((await fetch(expired)).status).toBe(403);
  });
});
