import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";
import { gate } from "./server";

const fx = browserFixture();
let pageErrors: string[] = [];

const isImage = (path: string) => path.startsWith("/cdn-cgi/") || path.startsWith("/static/");

async function open(name: string): Promise<Page> {
  fx.page = await newPage(fx.browser);
  pageErrors = [];
  fx.page.on("pageerror", (e) => pageErrors.push(String(e)));
  await fx.page.goto(`${fx.server.origin}/page/${name}?js`, { waitUntil: "commit" });
  return fx.page;
}

const hydrated = (p: Page) =>
  p.waitForFunction(() => window.hydrated === true, undefined, { timeout: 30_000 });
const settled = (p: Page) =>
  p.waitForFunction(() => document.querySelector<HTMLImageElement>("#photo")?.complete, undefined, {
    timeout: 30_000,
  });

/** What a user gets once things settle: state, shown URL, whether pixels decoded, whether a background is painted. */
async function outcome(p: Page, state: string) {
  await p.waitForFunction((s) => document.querySelector("#photo")?.getAttribute("data-state") === s, state, {
    timeout: 30_000,
  });
  await p.waitForFunction(() => document.querySelector<HTMLImageElement>("#photo")?.complete, undefined, {
    timeout: 30_000,
  });
  const result = await p.locator("#photo").evaluate((i: HTMLImageElement) => ({
    currentSrc: i.currentSrc,
    naturalWidth: i.naturalWidth,
    background: getComputedStyle(i).backgroundImage,
    hydrationErrors: window.hydrationErrors,
  }));
  return { ...result, pageErrors };
}

const orders = {
  /** Images are held until React has hydrated: the handlers see the load/error events. */
  "image settles after hydration": async (name: string) => {
    const held = gate();
    fx.server.delay = (path) => (isImage(path) ? held.promise : 0);
    const p = await open(name);
    await hydrated(p);
    expect(await p.locator("#photo").getAttribute("data-state")).toBe("loading");
    expect(await p.locator("#photo").evaluate((i) => getComputedStyle(i).backgroundImage)).toMatch(
      /^url\("data:image\//,
    );
    held.open();
    return p;
  },
  /** The bundle is held until the image has loaded or failed: hydration must read the image's state. */
  "image settles before hydration": async (name: string) => {
    const held = gate();
    fx.server.delay = (path) => (path === "/client.js" ? held.promise : 0);
    const p = await open(name);
    await settled(p);
    expect(await p.evaluate(() => window.hydrated)).toBeUndefined();
    held.open();
    await hydrated(p);
    return p;
  },
};

describe.each(Object.entries(orders))("%s", (_, load) => {
  test("a working image ends loaded, with the placeholder background removed", async () => {
    const result = await outcome(await load("ok"), "loaded");
    expect(result.currentSrc).toMatch(/\/cdn-cgi\/image\/width=\d+,format=auto\/photo\.jpg$/);
    expect(result.naturalWidth).toBeGreaterThan(0);
    expect(result.background).toBe("none");
    expect(result).toMatchObject({ hydrationErrors: [], pageErrors: [] });
  });

  test("a 404 with fallbackSrc shows the fallback image", async () => {
    const result = await outcome(await load("fallback"), "loaded");
    expect(result.currentSrc).toBe(`${fx.server.origin}/static/fallback.jpg`);
    expect(result.naturalWidth).toBeGreaterThan(0);
    expect(fx.server.requested("missing.jpg").length).toBeGreaterThan(0);
    expect(result).toMatchObject({ hydrationErrors: [], pageErrors: [] });
  });

  test.each(["missing", "fallbackMissing"])(
    "a 404 (%s) with no working fallback shows the placeholder",
    async (name) => {
      const p = await load(name);
      const result = await outcome(p, "error");
      const html = await (await fetch(`${fx.server.origin}/page/${name}`)).text();
      const placeholder = html.match(/url\((?:&quot;)?(data:image\/[^&)]+)/)?.[1];
      expect(placeholder).toBeTruthy();
      expect(result.currentSrc).toBe(placeholder);
      expect(result.naturalWidth).toBeGreaterThan(0);
      expect(result).toMatchObject({ hydrationErrors: [], pageErrors: [] });
    },
  );
});

test("a lazy image below the fold at hydration loads once scrolled to", async () => {
  const p = await open("below");
  await hydrated(p);
  await p.waitForLoadState("networkidle");
  expect(fx.server.requested("below.jpg")).toEqual([]);
  expect(await p.locator("#photo").getAttribute("data-state")).toBe("loading");
  await p.locator("#photo").scrollIntoViewIfNeeded();
  const result = await outcome(p, "loaded");
  expect(result.currentSrc).toContain("below.jpg");
  expect(result.naturalWidth).toBeGreaterThan(0);
  expect(result).toMatchObject({ hydrationErrors: [], pageErrors: [] });
});

test("an image rendered on the client (not SSR) far below the fold is also lazy", async () => {
  const p = await open("clientBelow");
  await hydrated(p);
  await p.waitForSelector("#photo", { state: "attached" });
  await p.waitForLoadState("networkidle");
  expect(fx.server.requested("below.jpg")).toEqual([]);
  await p.locator("#photo").scrollIntoViewIfNeeded();
  const result = await outcome(p, "loaded");
  expect(result.currentSrc).toContain("below.jpg");
  expect(fx.server.requested("below.jpg")).toHaveLength(1);
});

test("changing src shows the placeholder again, not the old image, until the new one loads", async () => {
  const held = gate();
  fx.server.delay = (path) => (path.includes("second.jpg") ? held.promise : 0);
  const p = await open("swap");
  await hydrated(p);
  expect((await outcome(p, "loaded")).currentSrc).toContain("first.jpg");
  await p.click("button");
  await expect.poll(() => fx.server.requested("second.jpg").length, { timeout: 10_000 }).toBe(1);
  const waiting = await p.locator("#photo").evaluate((i: HTMLImageElement) => ({
    state: i.dataset.state,
    background: getComputedStyle(i).backgroundImage,
    currentSrc: i.currentSrc,
  }));
  expect(waiting.state).toBe("loading");
  expect(waiting.background).toMatch(/^url\("data:image\//);
  expect(waiting.currentSrc).not.toContain("first.jpg");
  held.open();
  const result = await outcome(p, "loaded");
  expect(result.currentSrc).toContain("second.jpg");
  expect(result.background).toBe("none");
  expect(result).toMatchObject({ hydrationErrors: [], pageErrors: [] });
});
