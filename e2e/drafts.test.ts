import { createHash } from "node:crypto";
import type { UploaderSnapshot } from "@darkroom/core";
import { type Emulator, startEmulator } from "@darkroom/emulator";
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";

const fx = browserFixture();

/** Opens the drafts entry in `context` (a fresh one when omitted) and waits until it has set `window.drafts`. */
async function openEntry(context?: BrowserContext): Promise<Page> {
  const page = context ? await context.newPage() : await newPage(fx.browser);
  await page.goto(`${fx.server.origin}/entry/drafts`);
  await page.waitForFunction(() => window.drafts !== undefined);
  return page;
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.drafts !== undefined);
}

test("a stored draft survives a reload with the same bytes", async () => {
  fx.page = await openEntry();
  const put = await fx.page.evaluate(() => window.drafts.put("k1", 300_000));
  expect(put).toHaveProperty("sha256");
  await reload(fx.page);
  const listed = await fx.page.evaluate(() => window.drafts.list("u1"));
  expect(listed).toEqual([{ key: "k1", name: "k1.png", size: 300_000, ...put }]);
});

test("expired drafts are not listed, and are deleted", async () => {
  fx.page = await openEntry();
  const now = await fx.page.evaluate(() => Date.now());
  await fx.page.evaluate(
    (now) => window.drafts.put("soon", 100, { createdAt: now - 10, expiresAt: now + 1000 }),
    now,
  );
  await fx.page.evaluate((now) => window.drafts.put("later", 100, { createdAt: now }), now);
  const keys = async (at: number) =>
    (await fx.page?.evaluate((at) => window.drafts.list("u1", at), at))?.map((d) => d.key);
  expect(await keys(now)).toEqual(["soon", "later"]);
  expect(await keys(now + 2000)).toEqual(["later"]);
  // Listed at an earlier time again: the expired draft is gone from the database, not only filtered.
  expect(await keys(now)).toEqual(["later"]);
});

test("a full storage is reported as kind quota", async () => {
  fx.page = await openEntry();
  const cdp = await fx.page.context().newCDPSession(fx.page);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: fx.server.origin, quotaSize: 4096 });
  expect(await fx.page.evaluate(() => window.drafts.put("big", 64 * 1024))).toEqual({ error: "quota" });
  expect(await fx.page.evaluate(() => window.drafts.list("u1"))).toEqual([]);
});

test("a draft claimed in one tab cannot be claimed or listed in another until that tab closes", async () => {
  fx.page = await openEntry();
  const context = fx.page.context();
  const first = await openEntry(context);
  await first.evaluate(() => window.drafts.put("shared", 1000));
  await first.evaluate(() => window.drafts.put("free", 1000));
  expect(await first.evaluate(() => window.drafts.claim("shared"))).toBe(true);

  const second = fx.page;
  expect(await second.evaluate(() => window.drafts.claim("shared"))).toBe(false);
  expect((await second.evaluate(() => window.drafts.list("u1"))).map((d) => d.key)).toEqual(["free"]);

  await first.close();
  await expect
    .poll(() => second.evaluate(() => window.drafts.list("u1")).then((list) => list.map((d) => d.key)))
    .toEqual(["shared", "free"]);
  expect(await second.evaluate(() => window.drafts.claim("shared"))).toBe(true);
});

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

test("a file whose transfer broke is offered after a reload and uploaded intact from its draft", async () => {
  const client = createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
  });
  fx.server.api = createUploadHandler({ client, authorize: () => ({ id: "u1" }) });
  const image = sharp({ create: { width: 320, height: 200, channels: 3, background: "#c63" } });
  const original = new Uint8Array(await image.jpeg().toBuffer());

  fx.page = await openEntry();
  const page = fx.page;
  const snapshot = () => page.evaluate(() => window.drafts.snapshot());
  const first = (s: UploaderSnapshot) => s.files[0];
  emulator.faults.add({ endpoint: "upload", kind: "drop", persistent: true });
  await page.evaluate(
    ([bytes]) => {
      window.drafts.startUploader();
      window.drafts.add(bytes, "sunset.jpg");
    },
    [Array.from(original)] as const,
  );
  await expect.poll(async () => first(await snapshot())?.status, { timeout: 20_000 }).toBe("failed");
  expect(first(await snapshot())).toMatchObject({ draft: "saved", failure: { kind: "transfer" } });

  emulator.faults.clear();
  await reload(page);
  await page.evaluate(() => {
    window.drafts.startUploader();
    return window.drafts.loadDrafts();
  });
  expect((await snapshot()).drafts).toMatchObject([{ name: "sunset.jpg", size: original.length }]);
  await page.evaluate(() => window.drafts.restoreDrafts());
  await expect.poll(async () => first(await snapshot())?.status, { timeout: 20_000 }).toBe("done");
  const done = await snapshot();
  expect(done.drafts).toEqual([]);
  const id = first(done)?.result?.id ?? "";

  const blob = await fetch(`${emulator.url}/client/v4/accounts/${emulator.accountId}/images/v1/${id}/blob`, {
    headers: { Authorization: `Bearer ${emulator.apiToken}` },
  });
  expect(blob.status).toBe(200);
  expect(sha256(new Uint8Array(await blob.arrayBuffer()))).toBe(sha256(original));
  // Its draft is gone once uploaded: a new page has nothing to offer.
  await reload(page);
  expect(await page.evaluate(() => window.drafts.list("u1"))).toEqual([]);
});
