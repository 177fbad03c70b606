// examples/vite-hono as a user has it: installed from the packed tarballs, type-checked with skipLibCheck off, built
// with Vite, served by its own Node server against the emulator CLI, and used in Chromium.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// @ts-expect-error: plain JavaScript shared with the benchmarks
import { BUDGETS } from "../../bench/budgets.mjs";
import { launch, newPage } from "../browser";
import { png } from "../upload-backend";
import { darkroomBytes } from "./attribute";
import { installExample, run } from "./install";
import { type ExampleEmulator, freePort, type Running, startEmulatorCli, startServer } from "./processes";
import {
  expectResponsive,
  gridImages,
  holdDelivery,
  scriptsLoaded,
  uploadThree,
  watchConsole,
} from "./scenario";

let app: string;
let emulator: ExampleEmulator | undefined;
let server: Running | undefined;
let browser: Browser | undefined;
let origin: string;

/** The file checks and the measuring (decode, BlurHash), which load when the first file is picked. */
const LAZY = /^core\/(validate|sniff|preprocess|preprocess-decode|preprocess-header|blurhash-encode)\.js$/;

beforeAll(() => {
  app = installExample("vite-hono");
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emulator?.stop();
});

/** The limit of the `<Uploader>` budget of bench/budgets.mjs, which this page must also keep. */
const uploaderLimit = Math.floor(BUDGETS.find((b: { key: string }) => b.key === "Uploader").limit);

describe("examples/vite-hono from the tarballs", () => {
  test("type-checks with skipLibCheck off", () => {
    run(app, "npm", ["run", "typecheck"]);
  }, 120_000);

  test("builds the SPA and the Node server", async () => {
    run(app, "npm", ["run", "build"], { SOURCE_MAPS: "1" });
    expect(readdirSync(join(app, "dist/assets")).some((f) => f.endsWith(".js"))).toBe(true);
    emulator = await startEmulatorCli(app);
    const port = await freePort();
    server = await startServer(app, port, emulator.env);
    origin = `http://127.0.0.1:${port}`;
    browser = await launch();
  }, 300_000);

  test("uploads three photos that appear in the grid, placeholder first, with no console problem", async () => {
    if (!browser) throw new Error("the build step failed");
    const page = await newPage(browser);
    const problems = watchConsole(page);
    const scripts = scriptsLoaded(page);
    await holdDelivery(page, 1500);
    await page.goto(origin);
    await page.getByText("No photos yet", { exact: false }).waitFor();

    // What the page loaded before anyone touched it: the Uploader and Image, not the checks or the measuring.
    const upFront = scripts.map((path) => darkroomBytes(app, join(app, "dist", path)));
    const upFrontModules = upFront.flatMap((s) => s.modules);
    const upFrontGzip = upFront.reduce((sum, s) => sum + s.gzip, 0);
    expect(upFrontModules).toContain("react/image.js");
    expect(upFrontModules.filter((m) => LAZY.test(m))).toEqual([]);
    expect(upFrontGzip, `Darkroom up front: ${upFrontGzip} B`).toBeLessThanOrEqual(uploaderLimit);
    console.log(`vite: Darkroom JS up front ${upFrontGzip} B gzip: ${upFrontModules.join(" ")}`);

    await uploadThree(page);
    // The checks and the measuring arrived with the first file.
    const later = scripts
      .slice(upFront.length)
      .flatMap((path) => darkroomBytes(app, join(app, "dist", path)).modules);
    expect(later.filter((m) => LAZY.test(m))).not.toEqual([]);

    // Delivery is held back: each image shows its BlurHash placeholder in its reserved box.
    const held = await gridImages(page);
    expectResponsive(held);
    for (const img of held) expect(img.style, img.alt).toContain("data:image/");

    await expect
      .poll(async () => (await gridImages(page)).map((img) => [img.state, img.naturalWidth > 0]), {
        timeout: 20_000,
      })
      .toEqual([
        ["loaded", true],
        ["loaded", true],
        ["loaded", true],
      ]);

    // The photos are stored: a reload lists them from the Images API.
    await page.reload();
    await expect.poll(async () => (await gridImages(page)).length, { timeout: 15_000 }).toBe(3);
    expectResponsive(await gridImages(page));
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  test("the same Hono app runs in workerd: provisions an upload and lists the stored image", async () => {
    if (!emulator) throw new Error("the build step failed");
    // As wrangler bundles server/worker.ts: for the Workers runtime, from the example's own node_modules.
    const bundled = await build({
      entryPoints: [join(app, "server/worker.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      write: false,
    });
    const { CF_SIGNING_KEY: _, ...bindings } = emulator.env;
    const mf = new Miniflare({
      modules: true,
      script: bundled.outputFiles[0]?.text ?? "",
      // The date the example's wrangler.jsonc deploys with.
      compatibilityDate: /"compatibility_date":\s*"([\d-]+)"/.exec(
        readFileSync(join(app, "wrangler.jsonc"), "utf8"),
      )?.[1],
      bindings,
    });
    try {
      const session = await mf.dispatchFetch("http://app.test/api/session");
      const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      expect(cookie).toMatch(/^session=/);
      const provision = await mf.dispatchFetch("http://app.test/api/upload", {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: "http://app.test" },
        body: JSON.stringify({
          filename: "worker.png",
          size: 1000,
          type: "image/png",
          metadata: { title: "From the Worker", width: 64, height: 48 },
        }),
      });
      expect(provision.status).toBe(200);
      const { id, uploadURL } = (await provision.json()) as { id: string; uploadURL: string };
      // The browser's part: the file goes straight to the one-time URL.
      const form = new FormData();
      form.append(
        "file",
        new Blob([new Uint8Array(await png(64, 48, 3))], { type: "image/png" }),
        "worker.png",
      );
      expect((await fetch(uploadURL, { method: "POST", body: form })).status).toBe(200);

      const listed = await mf.dispatchFetch("http://app.test/api/images");
      const gallery = (await listed.json()) as {
        accountHash: string;
        photos: { id: string; title: string }[];
      };
      expect(gallery.accountHash).toBe(emulator.env.CF_ACCOUNT_HASH);
      expect(gallery.photos).toContainEqual(expect.objectContaining({ id, title: "From the Worker" }));
      // Without the session cookie the Worker refuses to provision, as on Node.
      const anonymous = await mf.dispatchFetch("http://app.test/api/upload", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ filename: "x.png", size: 10, type: "image/png" }),
      });
      expect(anonymous.status).toBe(401);
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});
