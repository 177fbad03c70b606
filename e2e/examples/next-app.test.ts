// examples/next-app as a user has it: installed from the packed tarballs, built by `next build` with Turbopack and
// with webpack (type-checked with skipLibCheck off), served by `next start` against the emulator CLI, used in Chromium.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launch, newPage } from "../browser";
import { darkroomBytes, sourceMapOf } from "./attribute";
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

/** Issue 12: an Image-only page of an app whose other page uses <Uploader> ships at most 4 KB of Darkroom JS. */
const IMAGE_PAGE_LIMIT = 4 * 1024;
/** Modules of the upload pipeline (as bench/budgets.mjs names them): none may reach the Image-only page. */
const UPLOAD_CODE =
  /^(core\/(upload-|validate|sniff|preprocess|draft|breaker|blurhash-encode)|react\/(uploader|use-uploader))/;

let app: string;
let browser: Browser | undefined;

beforeAll(async () => {
  app = installExample("next-app");
  browser = await launch();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** Darkroom's gzip bytes in the scripts `page` loaded, and which of its modules they hold. */
function darkroomShare(scripts: string[]) {
  const files = scripts
    .filter((path) => path.startsWith("/_next/static/"))
    .map((path) => join(app, ".next", decodeURIComponent(path.slice("/_next".length))));
  // Next writes no map for a few files of its own (the polyfills, Turbopack's runtime): they must hold nothing of
  // Darkroom's (its code names itself, e.g. the <Image> style's data-href "darkroom-image").
  const unmapped = files.filter((file) => sourceMapOf(file) === null);
  for (const file of unmapped) expect(readFileSync(file, "utf8"), file).not.toMatch(/darkroom/i);
  const shares = files.filter((file) => !unmapped.includes(file)).map((file) => darkroomBytes(app, file));
  return {
    gzip: shares.reduce((sum, share) => sum + share.gzip, 0),
    modules: [...new Set(shares.flatMap((share) => share.modules))].sort(),
  };
}

for (const bundler of ["turbopack", "webpack"] as const) {
  describe(`examples/next-app from the tarballs, next build (${bundler})`, () => {
    let emulator: ExampleEmulator | undefined;
    let server: Running | undefined;
    let origin = "";

    afterAll(async () => {
      await server?.stop();
      await emulator?.stop();
    });

    test("builds, type-checked with skipLibCheck off", async () => {
      const output = run(app, "npx", ["next", "build", ...(bundler === "webpack" ? ["--webpack"] : [])], {
        SOURCE_MAPS: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      });
      expect(output).toMatch(bundler === "webpack" ? /webpack/i : /turbopack/i);
      expect(existsSync(join(app, ".next/BUILD_ID"))).toBe(true);
      emulator = await startEmulatorCli(app);
      const port = await freePort();
      server = await startServer(app, port, { ...emulator.env, NEXT_TELEMETRY_DISABLED: "1" });
      origin = `http://127.0.0.1:${port}`;
    }, 400_000);

    test("uploads three photos that the Server Component grid shows, with no console or hydration problem", async () => {
      if (!browser || !server) throw new Error("the build step failed");
      const page = await newPage(browser);
      const problems = watchConsole(page);
      await page.goto(origin);
      await page.getByText("No photos yet", { exact: false }).waitFor();
      await uploadThree(page);
      expectResponsive(await gridImages(page));
      await expect
        .poll(async () =>
          (await gridImages(page)).every((img) => img.state === "loaded" && img.naturalWidth > 0),
        )
        .toBe(true);

      // A fresh load hydrates the server-rendered grid without a mismatch.
      await page.reload();
      await expect.poll(async () => (await gridImages(page)).length).toBe(3);
      await page.waitForLoadState("networkidle");
      expect(problems).toEqual([]);
      await page.context().close();
    }, 120_000);

    test("the HTML has each image's srcset, sizes, box and placeholder before any script runs", async () => {
      if (!browser || !server) throw new Error("the build step failed");
      const page = await newPage(browser, { javaScriptEnabled: false });
      await holdDelivery(page, 1500);
      await page.goto(origin);
      const images = await gridImages(page);
      expectResponsive(images);
      for (const img of images) expect(img.style, img.alt).toMatch(/url\("?data:image\//);
      // The first row is the page's hero: fetched first and not lazy.
      const first = page.getByRole("list", { name: "Photos" }).locator("img").first();
      expect(await first.getAttribute("fetchpriority")).toBe("high");
      expect(await page.content()).not.toContain(emulator?.env.CF_IMAGES_TOKEN);
      await page.context().close();
    });

    test(`an Image-only page ships at most ${IMAGE_PAGE_LIMIT} B of Darkroom JavaScript and no upload code`, async () => {
      if (!browser || !server) throw new Error("the build step failed");
      const page = await newPage(browser);
      const problems = watchConsole(page);
      const scripts = scriptsLoaded(page);
      await page.goto(origin);
      const link = page.getByRole("list", { name: "Photos" }).getByRole("link").first();
      const href = await link.getAttribute("href");
      // Loaded directly, as a visitor following a shared link does.
      await page.goto(`${origin}${href}`);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("main.photo img").getAttribute("srcset")).toMatch(/ \d+w/);
      scripts.length = 0;
      await page.reload();
      await page.waitForLoadState("networkidle");
      const share = darkroomShare(scripts);
      expect(share.modules).toContain("react/image.js");
      expect(share.modules.filter((m) => UPLOAD_CODE.test(m))).toEqual([]);
      expect(
        share.gzip,
        `Darkroom JS on the Image-only page: ${share.gzip} B (${share.modules.join(", ")})`,
      ).toBeLessThanOrEqual(IMAGE_PAGE_LIMIT);
      console.log(
        `${bundler}: Image-only page, Darkroom JS ${share.gzip} B gzip: ${share.modules.join(" ")}`,
      );
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
}
