import { expect, test } from "vitest";
import { imageLoaded, newPage } from "./browser";
import { browserFixture } from "./fixture";

const fx = browserFixture();

/** Opens the lazy page and records Chromium's initial priority of every request, by URL. */
async function openLazyPage(): Promise<Map<string, string>> {
  fx.page = await newPage(fx.browser);
  const priorities = new Map<string, string>();
  const cdp = await fx.page.context().newCDPSession(fx.page);
  cdp.on("Network.requestWillBeSent", (e) => priorities.set(e.request.url, e.request.initialPriority));
  await cdp.send("Network.enable");
  await fx.page.goto(`${fx.server.origin}/page/lazy`);
  await fx.page.waitForLoadState("networkidle");
  return priorities;
}

test("an image far below the fold is only fetched once scrolled to", async () => {
  await openLazyPage();
  if (!fx.page) throw new Error("no page");
  expect(fx.server.requested("hero.jpg")).toHaveLength(1);
  expect(fx.server.requested("far.jpg")).toEqual([]);
  expect(await fx.page.locator("#far").getAttribute("loading")).toBe("lazy");

  await fx.page.locator("#far").scrollIntoViewIfNeeded();
  await imageLoaded(fx.page, "#far");
  expect(fx.server.requested("far.jpg")).toHaveLength(1);
  expect(await fx.page.locator("#far").evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
});

test("a priority image is fetched at once, at high priority, exactly once", async () => {
  const priorities = await openLazyPage();
  if (!fx.page) throw new Error("no page");
  const hero = fx.page.locator("#hero");
  await imageLoaded(fx.page, "#hero");
  expect(await hero.getAttribute("loading")).toBe("eager");
  expect(await hero.getAttribute("fetchpriority")).toBe("high");
  const hits = fx.server.requested("hero.jpg");
  // The preload and the <img> share one download.
  expect(hits).toHaveLength(1);
  const url = `${fx.server.origin}${hits[0]?.path}`;
  expect(await hero.evaluate((i: HTMLImageElement) => i.currentSrc)).toBe(url);
  expect(priorities.get(url)).toMatch(/^(High|VeryHigh)$/);
  // Requested right after the document, before the page had even finished parsing its body.
  const doc = fx.server.requested("/page/lazy")[0]?.time ?? 0;
  expect((hits[0]?.time ?? Infinity) - doc).toBeLessThan(1000);
});

test("the SSR HTML preloads the priority image in <head> with the same srcset and sizes", async () => {
  const html = await (await fetch(`${fx.server.origin}/page/lazy`)).text();
  const head = html.slice(0, html.indexOf("</head>"));
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, "i"))?.[1];
  const links = head.match(/<link [^>]*rel="preload"[^>]*>/g) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0] as string;
  const img = html.match(/<img [^>]*id="hero"[^>]*>/)?.[0] ?? "";
  expect(attr(link, "as")).toBe("image");
  expect(attr(link, "fetchPriority")).toBe("high");
  expect(attr(link, "imageSrcSet")).toBe(attr(img, "srcSet"));
  expect(attr(link, "imageSrcSet")).toContain("hero.jpg");
  expect(attr(link, "imageSizes")).toBe(attr(img, "sizes"));
  expect(attr(img, "fetchPriority")).toBe("high");
  // The lazy image is not preloaded.
  expect(html.match(/<img [^>]*id="far"[^>]*>/)?.[0]).toMatch(/loading="lazy"/);
  expect(head).not.toContain("far.jpg");
});
