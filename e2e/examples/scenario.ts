// What both examples must do in Chromium, as a person uses them: upload three images, see them in the grid with
// their placeholders, with no console error and no hydration warning on the way.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { file, png } from "../upload-backend";

/** Console errors and warnings, uncaught errors and failed requests of `page`, as they happen. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    // ERR_ABORTED is the page cancelling a request it no longer needs (a prefetch cut short by navigating).
    if (request.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${request.url()}`);
  });
  return problems;
}

/** What a grid image looks like in the DOM. */
export interface GridImage {
  alt: string;
  srcset: string | null;
  sizes: string | null;
  width: string | null;
  height: string | null;
  /** The inline style, where the placeholder is. */
  style: string;
  state: string | null;
  naturalWidth: number;
}

/** The `<img>` elements inside the list labelled "Photos". */
export function gridImages(page: Page): Promise<GridImage[]> {
  return page.getByRole("list", { name: "Photos" }).evaluate((list) =>
    [...list.querySelectorAll("img")].map((img) => ({
      alt: img.alt,
      srcset: img.getAttribute("srcset"),
      sizes: img.getAttribute("sizes"),
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      style: img.getAttribute("style") ?? "",
      state: img.getAttribute("data-state"),
      naturalWidth: img.naturalWidth,
    })),
  );
}

/** The three files a person picks: 480 × 320 PNGs, each with its own pixels. */
export const PHOTOS = ["harbour.png", "meadow.png", "summit.png"];

/**
 * Picks the three photos in the page's uploader and waits until each says "Uploaded" and the grid shows three
 * images. Delivery answers are held back a little (`holdMs`), so the placeholder can be seen before the image.
 */
export async function uploadThree(page: Page): Promise<void> {
  await page.getByRole("button", { name: /choose files/i }).waitFor();
  const files = await Promise.all(PHOTOS.map(async (name, i) => file(name, await png(480, 320, i + 7))));
  await page.setInputFiles('input[type="file"]', files);
  await expect.poll(() => page.getByText("Uploaded", { exact: true }).count(), { timeout: 30_000 }).toBe(3);
  await expect.poll(async () => (await gridImages(page)).length, { timeout: 15_000 }).toBe(3);
}

/** Holds every image delivery answer back by `ms`, so the placeholder is on screen long enough to be seen. */
export async function holdDelivery(page: Page, ms: number): Promise<void> {
  await page.route("**/cdn-cgi/imagedelivery/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

/** Asserts what every grid image must carry: a srcset, sizes, its box and a BlurHash placeholder. */
export function expectResponsive(images: GridImage[]): void {
  expect(images.map((img) => img.alt).sort()).toEqual([...PHOTOS].sort());
  for (const img of images) {
    expect(img.srcset, img.alt).toMatch(/\/cdn-cgi\/imagedelivery\/[^ ]+\/w=\d+[^ ]* \d+w/);
    expect(img.sizes, img.alt).toBeTruthy();
    // 480 × 320 originals in 320-wide cells: the box is reserved before any byte arrives.
    expect([img.width, img.height], img.alt).toEqual(["320", "213"]);
  }
}

/** The JavaScript files `page` fetched so far (URL paths), in order. */
export function scriptsLoaded(page: Page): string[] {
  const scripts: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(new URL(response.url()).pathname);
  });
  return scripts;
}
