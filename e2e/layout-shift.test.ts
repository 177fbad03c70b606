import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { imageLoaded, launch, newPage } from "./browser";
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

const frames = (p: Page) =>
  p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Loads `name` with its image held back until the text has painted, then returns the page's total layout shift. */
async function layoutShiftOf(name: string): Promise<{ total: number; textMoved: number }> {
  const held = gate();
  server.delay = (path) => (path.includes("slow.jpg") ? held.promise : 0);
  page = await newPage(browser);
  await page.goto(`${server.origin}/page/${name}`, { waitUntil: "domcontentloaded" });
  await expect.poll(() => server.requested("slow.jpg").length, { timeout: 10_000 }).toBe(1);
  await frames(page);
  const top = () => page?.locator("#after").evaluate((p) => p.getBoundingClientRect().top) ?? 0;
  const before = await top();
  held.open();
  await imageLoaded(page, "#photo");
  await frames(page);
  const textMoved = (await top()) - before;
  const total = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Shift[]) if (!e.hadRecentInput) sum += e.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(sum), 500);
      }),
  );
  return { total, textMoved };
}

test("an <Image> whose file arrives late does not move the text around it", async () => {
  const { total, textMoved } = await layoutShiftOf("shift");
  expect(textMoved).toBe(0);
  expect(total).toBe(0);
});

test("control: a plain <img> without width/height on the same page does shift (the measurement works)", async () => {
  const { total, textMoved } = await layoutShiftOf("shiftControl");
  expect(textMoved).toBeGreaterThan(100);
  expect(total).toBeGreaterThan(0.05);
});
