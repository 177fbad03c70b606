import { expect, test } from "vitest";
import { difference, imageLoaded, meanColour, newPage, paintedPixels } from "./browser";
import { browserFixture } from "./fixture";
import { gate } from "./server";

const fx = browserFixture();

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
const WHITE = [255, 255, 255];

test("the SSR HTML paints the BlurHash placeholder as the img's inline background image", async () => {
  const html = await (await fetch(`${fx.server.origin}/page/placeholder`)).text();
  const img = html.match(/<img [^>]*>/)?.[0] ?? "";
  const style = img.match(/style="([^"]*)"/)?.[1]?.replaceAll("&quot;", '"') ?? "";
  expect(style).toMatch(
    /background:url\("?data:image\/[a-z]+;base64,[A-Za-z0-9+/=]+"?\) 50%\/cover no-repeat #[0-9a-f]{6}/,
  );
  expect(img).toContain('data-state="loading"');
});

test("without JavaScript the box shows the placeholder until the image arrives, then the image", async () => {
  const held = gate();
  fx.server.delay = (path) => (path.includes("slow.jpg") ? held.promise : 0);
  fx.page = await newPage(fx.browser, { javaScriptEnabled: false });
  await fx.page.goto(`${fx.server.origin}/page/placeholder`, { waitUntil: "domcontentloaded" });
  await expect.poll(() => fx.server.requested("slow.jpg").length, { timeout: 10_000 }).toBe(1);
  const photo = fx.page.locator("#photo");
  expect(await photo.evaluate((i: HTMLImageElement) => i.complete)).toBe(false);
  const box = await photo.boundingBox();
  expect(box).toMatchObject({ width: 600, height: 400 });
  const before = await paintedPixels(fx.page, "#photo");

  // References painted by the same browser: the placeholder data URL as a cover background, and the delivered JPEG.
  const dataUrl = (await photo.getAttribute("style"))?.match(/url\("?(data:image\/[^")]+)"?\)/)?.[1];
  expect(dataUrl).toBeTruthy();
  const reference = await fx.page.context().newPage();
  await reference.setContent(
    `<body style="margin:0">
    <div id="placeholder" style="width:600px;height:400px;background:url('${dataUrl}') center/cover no-repeat"></div>
    <img id="image" style="display:block;width:600px;height:400px;object-fit:cover"
      src="${fx.server.origin}${fx.server.requested("slow.jpg")[0]?.path}"></body>`,
    { waitUntil: "domcontentloaded" },
  );
  const placeholder = await paintedPixels(reference, "#placeholder");

  expect(difference(before, placeholder)).toBeLessThan(6);
  expect(distance(meanColour(before), WHITE)).toBeGreaterThan(100);

  held.open();
  await imageLoaded(fx.page, "#photo");
  await imageLoaded(reference, "#image");
  const after = await paintedPixels(fx.page, "#photo");
  const image = await paintedPixels(reference, "#image");
  expect(difference(after, image)).toBeLessThan(6);
  expect(difference(after, placeholder)).toBeGreaterThan(30);
});

test("without JavaScript a failing image keeps its reserved box in every layout, the hero too", async () => {
  fx.page = await newPage(fx.browser, { javaScriptEnabled: false, viewport: { width: 1000, height: 800 } });
  await fx.page.goto(`${fx.server.origin}/page/missingLayouts`, { waitUntil: "load" });
  const box = async (id: string) => {
    await fx.page
      ?.locator(`#${id}`)
      .evaluate((i: HTMLImageElement) => i.complete || new Promise((r) => i.addEventListener("error", r)));
    const b = await fx.page?.locator(`#${id}`).boundingBox();
    return b && { width: Math.round(b.width), height: Math.round(b.height) };
  };
  expect(await box("hero")).toEqual({ width: 800, height: 450 });
  // 1000 ÷ 1.7778 (the ratio as the style rounds it) = 562.49.
  expect(await box("wide")).toEqual({ width: 1000, height: 562 });
  expect(await box("fixed")).toEqual({ width: 300, height: 200 });
});
