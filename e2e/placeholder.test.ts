import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { difference, imageLoaded, launch, meanColour, newPage, paintedPixels } from "./browser";
import { gate, startServer, type TestServer } from "./server";

let browser: Browser;
let server: TestServer;
let page: Page | undefined;
beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), startServer()]);
});
afterEach(async () => {
  await page?.context().close();
  page = undefined;
  server.hits.length = 0;
  server.delay = () => 0;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
const WHITE = [255, 255, 255];

test("the SSR HTML paints the BlurHash placeholder as the img's inline background image", async () => {
  const html = await (await fetch(`${server.origin}/page/placeholder`)).text();
  const img = html.match(/<img [^>]*>/)?.[0] ?? "";
  const style = img.match(/style="([^"]*)"/)?.[1]?.replaceAll("&quot;", '"') ?? "";
  expect(style).toMatch(/background-image:url\("?data:image\/[a-z]+;base64,[A-Za-z0-9+/=]+"?\)/);
  expect(style).toContain("background-size:cover");
  expect(img).toContain('data-state="loading"');
});

test("without JavaScript the box shows the placeholder until the image arrives, then the image", async () => {
  const held = gate();
  server.delay = (path) => (path.includes("slow.jpg") ? held.promise : 0);
  page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.origin}/page/placeholder`, { waitUntil: "domcontentloaded" });
  await expect.poll(() => server.requested("slow.jpg").length, { timeout: 10_000 }).toBe(1);
  const photo = page.locator("#photo");
  expect(await photo.evaluate((i: HTMLImageElement) => i.complete)).toBe(false);
  const box = await photo.boundingBox();
  expect(box).toMatchObject({ width: 600, height: 400 });
  const before = await paintedPixels(page, "#photo");

  // References painted by the same browser: the placeholder data URL as a cover background, and the delivered JPEG.
  const dataUrl = (await photo.getAttribute("style"))?.match(/url\("?(data:image\/[^")]+)"?\)/)?.[1];
  expect(dataUrl).toBeTruthy();
  const reference = await page.context().newPage();
  await reference.setContent(
    `<body style="margin:0">
    <div id="placeholder" style="width:600px;height:400px;background:url('${dataUrl}') center/cover no-repeat"></div>
    <img id="image" style="display:block;width:600px;height:400px;object-fit:cover"
      src="${server.origin}${server.requested("slow.jpg")[0]?.path}"></body>`,
    { waitUntil: "domcontentloaded" },
  );
  const placeholder = await paintedPixels(reference, "#placeholder");

  expect(difference(before, placeholder)).toBeLessThan(6);
  expect(distance(meanColour(before), WHITE)).toBeGreaterThan(100);

  held.open();
  await imageLoaded(page, "#photo");
  await imageLoaded(reference, "#image");
  const after = await paintedPixels(page, "#photo");
  const image = await paintedPixels(reference, "#image");
  expect(difference(after, image)).toBeLessThan(6);
  expect(difference(after, placeholder)).toBeGreaterThan(30);
});
