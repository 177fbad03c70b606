import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { imageLoaded, newPage } from "./browser";
import { browserFixture } from "./fixture";
import { gate } from "./server";

const fx = browserFixture();

const frames = (p: Page) =>
  p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Loads `name` with its image held back until the text has painted, then returns the page's total layout shift. */
async function layoutShiftOf(name: string): Promise<{ total: number; textMoved: number }> {
  const held = gate();
  fx.server.delay = (path) => (path.includes("slow.jpg") ? held.promise : 0);
  fx.page = await newPage(fx.browser);
  await fx.page.goto(`${fx.server.origin}/page/${name}`, { waitUntil: "domcontentloaded" });
  await expect.poll(() => fx.server.requested("slow.jpg").length, { timeout: 10_000 }).toBe(1);
  await frames(fx.page);
  const top = () => fx.page?.locator("#after").evaluate((p) => p.getBoundingClientRect().top) ?? 0;
  const before = await top();
  held.open();
  await imageLoaded(fx.page, "#photo");
  await frames(fx.page);
  const textMoved = (await top()) - before;
  const total = await fx.page.evaluate(
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
