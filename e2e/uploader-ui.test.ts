import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";
import { backendPerTest, file, fileItem, openUploader, png, waitForStatus } from "./upload-backend";

// <Uploader> in real Chromium against the emulator: previews and their object URLs, and an axe check of its states.

const fixture = browserFixture();
const require = createRequire(import.meta.url);

const backend = backendPerTest(fixture);

const open = (query = "") => openUploader(fixture, query);

describe("previews", () => {
  it("shows a preview of each image and revokes its object URL when the file is removed", async () => {
    const page = await newPage(fixture.browser);
    fixture.page = page;
    // Count object URLs of images as the page makes and revokes them (the preprocessing worker has its own).
    await page.addInitScript(() => {
      const live = new Set<string>();
      const create = URL.createObjectURL.bind(URL);
      const revoke = URL.revokeObjectURL.bind(URL);
      URL.createObjectURL = (object) => {
        const url = create(object);
        if (object instanceof Blob && object.type.startsWith("image/")) live.add(url);
        return url;
      };
      URL.revokeObjectURL = (url) => {
        live.delete(url);
        revoke(url);
      };
      (window as unknown as { liveUrls: () => number }).liveUrls = () => live.size;
    });
    await page.goto(`${fixture.server.origin}/entry/uploader?nodrafts`);
    await page.setInputFiles('input[type="file"]', [
      file("p1.png", await png(64, 48, 1)),
      file("p2.png", await png(64, 48, 2)),
    ]);
    await waitForStatus(page, "p2.png", "done");
    const preview = fileItem(page, "p1.png").locator("img.darkroom-preview");
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    expect(await page.evaluate(() => (window as unknown as { liveUrls: () => number }).liveUrls())).toBe(2);
    await page.getByRole("button", { name: "Remove p1.png" }).click();
    expect(await fileItem(page, "p1.png").count()).toBe(0);
    // Focus goes back to the drop zone instead of being lost with the removed button.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("darkroom-dropzone");
    expect(await page.evaluate(() => (window as unknown as { liveUrls: () => number }).liveUrls())).toBe(1);
  });

  it("shows a plain box, not the broken-image icon, for a file the browser cannot draw", async () => {
    const page = await open("?nodrafts");
    await page.setInputFiles('input[type="file"]', [
      file("page.jpg", Buffer.from("<!doctype html><title>not an image</title>"), "image/jpeg"),
      file("fine.png", await png(64, 48, 3)),
    ]);
    await waitForStatus(page, "page.jpg", "failed");
    await waitForStatus(page, "fine.png", "done");
    await expect.poll(() => fileItem(page, "page.jpg").locator("img.darkroom-preview").count()).toBe(0);
    expect(await fileItem(page, "page.jpg").locator("span.darkroom-preview").count()).toBe(1);
    const drawn = fileItem(page, "fine.png").locator("img.darkroom-preview");
    await expect.poll(() => drawn.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  });
});

describe("accessibility", () => {
  it("has no axe violations with files done and failed, and announces results", async () => {
    // One at a time, so the one-shot fault hits the first file.
    const page = await open("?attempts=1&concurrency=1");
    backend.emulator.faults.add({ endpoint: "upload", kind: "reject_content" });
    await page.setInputFiles('input[type="file"]', [
      file("no.png", await png(32, 32, 2)),
      file("yes.png", await png()),
    ]);
    await waitForStatus(page, "no.png", "failed");
    await waitForStatus(page, "yes.png", "done");
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (s: string) => Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run(".darkroom-uploader")).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    // The announcement follows the status change by one render.
    await expect
      .poll(() => page.locator("[aria-live]").textContent())
      .toMatch(/yes\.png uploaded\.|Cloudflare refused no\.png/);
  });
});
