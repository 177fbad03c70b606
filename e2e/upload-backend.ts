import { createHash } from "node:crypto";
import { type Emulator, startEmulator } from "@darkroom/emulator";
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeEach } from "vitest";
import { newPage } from "./browser";
import type { Fixture } from "./fixture";
import type { TestServer } from "./server";

/** The real backend of the uploader tests: an emulator, and `createUploadHandler` in front of it on `/api/upload`. */
export interface UploadBackend {
  emulator: Emulator;
  /** Images stored for `creator` (the v2 list, drafts excluded). */
  images(creator?: string): Promise<{ id: string; meta?: Record<string, unknown> }[]>;
  /** SHA-256 (hex) of the bytes the emulator stored for image `id`. */
  storedSha256(id: string): Promise<string>;
  /** How many requests reached `/api/upload` so far. */
  provisions(): number;
}

/** Starts the emulator and routes the test server's `/api/upload` to an upload handler signed in as `u1`. */
export async function startUploadBackend(server: TestServer): Promise<UploadBackend> {
  const emulator = await startEmulator({ port: 0 });
  const api = `${emulator.url}/client/v4/accounts/${emulator.accountId}/images`;
  const headers = { Authorization: `Bearer ${emulator.apiToken}` };
  const client = createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
    retry: { attempts: 1 },
  });
  let provisions = 0;
  const upload = createUploadHandler({
    client,
    authorize: (request) => ({ id: request.headers.get("x-user") ?? "u1" }),
    rateLimit: false,
  });
  const route = (request: Request) => {
    provisions++;
    return upload(request);
  };
  server.api = route;
  return {
    emulator,
    provisions: () => provisions,
    async images(creator = "u1") {
      const response = await fetch(`${api}/v2?creator=${encodeURIComponent(creator)}`, { headers });
      const body = (await response.json()) as {
        result: { images: { id: string; meta?: Record<string, unknown> }[] };
      };
      return body.result.images;
    },
    async storedSha256(id) {
      const response = await fetch(`${api}/v1/${encodeURIComponent(id)}/blob`, { headers });
      if (!response.ok) throw new Error(`blob of ${id}: ${response.status}`);
      return sha256(Buffer.from(await response.arrayBuffer()));
    },
  };
}

/**
 * Registers this file's hooks for a fresh backend per test (no faults, images or breaker state carried over),
 * stopped after the last test, and returns a view that always reads the current test's backend.
 */
export function backendPerTest(fixture: Fixture): UploadBackend {
  let current: UploadBackend | undefined;
  const now = () => {
    if (!current) throw new Error("read the backend inside a test");
    return current;
  };
  beforeEach(async () => {
    await current?.emulator.stop();
    current = await startUploadBackend(fixture.server);
  });
  afterAll(() => current?.emulator.stop());
  return {
    get emulator() {
      return now().emulator;
    },
    images: (creator) => now().images(creator),
    storedSha256: (id) => now().storedSha256(id),
    provisions: () => now().provisions(),
  };
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A PNG of `width`×`height` with noise, so every file's bytes differ. */
export function png(width = 96, height = 64, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A file for `page.setInputFiles`. */
export const file = (name: string, buffer: Buffer, mimeType = "image/png") => ({ name, mimeType, buffer });

/** Opens the `<Uploader>` test page (e2e/entries/uploader.tsx) with `query` as its options, as the fixture's page. */
export async function openUploader(fixture: Fixture, query = ""): Promise<Page> {
  const page = await newPage(fixture.browser);
  fixture.page = page;
  await page.goto(`${fixture.server.origin}/entry/uploader${query}`);
  await page.getByRole("button", { name: /choose files/ }).waitFor();
  return page;
}

/** The `<li>` of the file named `name`. */
export const fileItem = (page: Page, name: string) => page.getByRole("listitem", { name, exact: true });

/** Waits until the file named `name` reaches `status` (`data-status`). */
export async function waitForStatus(
  page: Page,
  name: string,
  status: string,
  timeout = 20_000,
): Promise<void> {
  await fileItem(page, name)
    .and(page.locator(`[data-status="${status}"]`))
    .waitFor({ timeout });
}
