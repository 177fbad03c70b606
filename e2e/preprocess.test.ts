import { decode } from "blurhash";
import type { Page } from "playwright-core";
import sharp, { type Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { newPage } from "./browser";
import type { Failure, Outcome } from "./entries/preprocess";
import { browserFixture } from "./fixture";

const fixture = browserFixture();

/** Raw RGB(A) pixels from `colour(x, y)`, with a little seeded noise so encoders cannot cheat on flat colour. */
function raw(width: number, height: number, channels: 3 | 4, colour: (x: number, y: number) => number[]) {
  const px = Buffer.alloc(width * height * channels);
  let seed = 11;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 28) - 8;
      const c = colour(x, y);
      for (let k = 0; k < channels; k++)
        px[(y * width + x) * channels + k] = (c[k] ?? 255) + (k < 3 ? noise : 0);
    }
  return sharp(px, { raw: { width, height, channels } });
}

const warm = (w: number, h: number) => raw(w, h, 3, (x, y) => [210, 60 + (120 * x) / w, 40 + (60 * y) / h]);
const images: Record<string, { bytes: Buffer; type: string }> = {};
const means: Record<string, number[]> = {};

beforeAll(async () => {
  const add = async (name: string, type: string, image: Sharp) => {
    images[name] = { bytes: await image.toBuffer(), type };
  };
  await add("photo.jpg", "image/jpeg", warm(640, 480).jpeg({ quality: 90 }));
  await add("photo.png", "image/png", warm(500, 300).png());
  await add("photo.webp", "image/webp", warm(400, 250).webp());
  await add("rotated.jpg", "image/jpeg", warm(600, 400).jpeg().withMetadata({ orientation: 6 }));
  await add("wide.png", "image/png", warm(13_000, 200).png());
  await add(
    "alpha.png",
    "image/png",
    raw(13_000, 100, 4, (x) => [40, 90, 200, x % 200 < 100 ? 255 : 0]).png(),
  );
  await add(
    "noise.png",
    "image/png",
    raw(1000, 1000, 3, (x, y) => [(x * 7) % 256, (y * 13) % 256, (x * y) % 256]).png(),
  );
  await add("big.jpg", "image/jpeg", warm(6000, 4000).jpeg({ quality: 90 }));
  const png = images["photo.png"]?.bytes ?? Buffer.alloc(0);
  images["corrupt.png"] = {
    bytes: Buffer.concat([png.subarray(0, 33), Buffer.alloc(500, 0x5a)]),
    type: "image/png",
  };
  images["notes.txt"] = { bytes: Buffer.from("not an image at all\n"), type: "text/plain" };
  for (const name of ["photo.jpg", "photo.png", "photo.webp"]) {
    const { channels } = await sharp(images[name]?.bytes).stats();
    means[name] = channels.slice(0, 3).map((c) => c.mean);
  }
}, 60_000);

/** A page of the preprocess entry whose `/api/img/<name>` serves the images above. */
async function open(setup?: (page: Page) => Promise<void>): Promise<Page> {
  fixture.server.api = async (request) => {
    const image = images[new URL(request.url).pathname.replace("/api/img/", "")];
    return image
      ? new Response(new Uint8Array(image.bytes), { headers: { "content-type": image.type } })
      : new Response("", { status: 404 });
  };
  const page = await newPage(fixture.browser);
  fixture.page = page;
  await setup?.(page);
  await page.goto(`${fixture.server.origin}/entry/preprocess`);
  await page.waitForFunction(() => "preprocess" in window);
  return page;
}

type Options = { components?: [number, number]; downscale?: false | Record<string, unknown> };
/** The functions e2e/entries/preprocess.ts puts on `window`. */
interface Entry {
  preprocess(path: string, options: Options): Promise<Outcome & Failure>;
  preprocessAborted(path: string, afterMs: number): Promise<Failure & { ms: number }>;
  idleWorker(path: string, idleMs: number): Promise<unknown>;
}
const run = (page: Page, name: string, options: Options = {}) =>
  page.evaluate(([path, o]) => (window as never as Entry).preprocess(path, o), [
    `/api/img/${name}`,
    options,
  ] as const);
const workers = (page: Page) =>
  page.evaluate(() => (window as never as { workers: { created: number; terminated: number } }).workers);

function meanOf(hash: string): number[] {
  const px = decode(hash, 32, 32);
  return [0, 1, 2].map((c) => px.reduce((s, v, i) => (i % 4 === c ? s + v : s), 0) / (32 * 32));
}

describe("preprocessImage in Chromium", () => {
  it("measures JPEG, PNG, WebP and an EXIF-rotated JPEG in one reused worker, with hashes of the right colour", async () => {
    const page = await open();
    const sizes: Record<string, [number, number]> = {
      "photo.jpg": [640, 480],
      "photo.png": [500, 300],
      "photo.webp": [400, 250],
      "rotated.jpg": [400, 600],
    };
    for (const [name, size] of Object.entries(sizes)) {
      const result = await run(page, name);
      expect([name, result.width, result.height]).toEqual([name, ...size]);
      expect(result).toMatchObject({ downscaled: false, sameFile: true });
      expect(result.blurhash).toHaveLength(4 + 2 * 4 * 3);
      const expected = means[name];
      const actual = meanOf(result.blurhash ?? "");
      if (expected)
        for (const c of [0, 1, 2]) expect(Math.abs((actual[c] ?? 0) - (expected[c] ?? 0))).toBeLessThan(10);
    }
    expect(await workers(page)).toEqual({ created: 1, terminated: 0 });
    const custom = await run(page, "photo.jpg", { components: [3, 5] });
    expect(custom.blurhash).toHaveLength(4 + 2 * 3 * 5);
  });

  it("decodes on the main thread when Worker is missing", async () => {
    const page = await open();
    await page.evaluate(() => (window as never as { removeWorker(): void }).removeWorker());
    const result = await run(page, "rotated.jpg");
    expect(result).toMatchObject({ width: 400, height: 600 });
    expect(result.blurhash).toHaveLength(28);
    expect(await workers(page)).toEqual({ created: 0, terminated: 0 });
  });

  it("draws on a <canvas> when OffscreenCanvas is missing", async () => {
    const page = await open();
    await page.evaluate(() => (window as never as { removeOffscreenCanvas(): void }).removeOffscreenCanvas());
    const result = await run(page, "wide.png", { downscale: {} });
    expect(result).toMatchObject({ width: 12_000, height: 184, downscaled: true, decoded: [12_000, 184] });
    expect(result.blurhash).toHaveLength(28);
    expect(await workers(page)).toEqual({ created: 0, terminated: 0 });
  });

  it("decodes on the main thread when a CSP forbids blob: workers", async () => {
    const errors: string[] = [];
    const page = await open(async (p) => {
      p.on("console", (m) => errors.push(m.text()));
      await p.route("**/entry/preprocess", async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers(), "content-security-policy": "worker-src 'self'" };
        await route.fulfill({ response, headers });
      });
    });
    const [first, second] = [await run(page, "photo.jpg"), await run(page, "photo.png")];
    expect(first).toMatchObject({ width: 640, height: 480 });
    expect(second).toMatchObject({ width: 500, height: 300 });
    expect(first.blurhash).toHaveLength(28);
    expect(second.blurhash).toHaveLength(28);
    expect(errors.join("\n")).toContain("Content Security Policy");
  });

  it("downscales a 13,000 × 200 PNG to 12,000 px wide, keeping the aspect ratio, only when asked", async () => {
    const page = await open();
    const kept = await run(page, "wide.png");
    expect(kept).toMatchObject({ width: 13_000, height: 200, downscaled: false, sameFile: true });
    const copy = await run(page, "wide.png", { downscale: {} });
    expect(copy).toMatchObject({ width: 12_000, height: 184, downscaled: true, sameFile: false });
    expect(copy).toMatchObject({ decoded: [12_000, 184], type: "image/jpeg", name: "wide.jpg" });
    expect(copy.blurhash).toHaveLength(28);
  });

  it("keeps transparency (WebP) and meets a byte limit", async () => {
    const page = await open();
    const alpha = await run(page, "alpha.png", { downscale: { maxSide: 4000 } });
    expect(alpha).toMatchObject({
      width: 4000,
      height: 30,
      downscaled: true,
      type: "image/webp",
      name: "alpha.webp",
    });
    const original = images["noise.png"]?.bytes.length;
    const small = await run(page, "noise.png", { downscale: { maxBytes: 300_000 } });
    expect(original).toBeGreaterThan(1_000_000);
    expect(small.downscaled).toBe(true);
    expect(small.size).toBeLessThanOrEqual(300_000);
    expect(small.decoded).toEqual([small.width, small.height]);
    expect(small.width).toBe(small.height);
  });

  it("falls back to the header for an image it cannot decode, and rejects a file that is not one", async () => {
    const page = await open();
    expect(await run(page, "corrupt.png")).toMatchObject({
      width: 500,
      height: 300,
      blurhash: undefined,
      sameFile: true,
    });
    expect(await run(page, "notes.txt")).toMatchObject({
      error: "PreprocessError",
      message: expect.stringContaining("text"),
    });
  });

  it("rejects on abort and ends the worker that was decoding", async () => {
    const page = await open();
    const full = await run(page, "big.jpg");
    expect(full).toMatchObject({ width: 6000, height: 4000 });
    const aborted = await page.evaluate(() =>
      (window as never as Entry).preprocessAborted("/api/img/big.jpg", 30),
    );
    expect(aborted).toMatchObject({ error: "AbortError" });
    expect(await workers(page)).toEqual({ created: 1, terminated: 1 });
    expect(await run(page, "photo.png")).toMatchObject({ width: 500, height: 300 });
    expect(await workers(page)).toEqual({ created: 2, terminated: 1 });
  });

  it("terminates the worker once it has been idle", async () => {
    const page = await open();
    const report = await page.evaluate(() =>
      (window as never as Entry).idleWorker("/api/img/photo.jpg", 300),
    );
    expect(report).toEqual({
      outcomes: [true, true],
      busy: { created: 1, terminated: 0 },
      idle: { created: 1, terminated: 1 },
    });
  });
});
