import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { imageLoaded } from "./browser";
import { browserFixture } from "./fixture";

const fx = browserFixture();

/** The delivered width a Cloudflare URL asks for (`width=640` or `w=640`). */
const widthOf = (url: string) => Number(url.match(/[/,](?:w|width)=(\d+)/)?.[1]);

/** CSS width of the image's slot per layout (fixed 400×300, constrained 1024×683, fullWidth). */
const slots: Record<string, (viewport: number) => number> = {
  fixed: () => 400,
  constrained: (viewport) => Math.min(viewport, 1024),
  fullWidth: (viewport) => viewport,
};
// Fractional ratios too: 150 % Windows scaling and the 2.625 of many Android phones.
const combos = [375, 768, 1440].flatMap((viewport) =>
  [1, 1.5, 2, 2.625, 3].map((dpr) => [viewport, dpr] as const),
);

// One fresh context (empty cache) per viewport × DPR; each layout's page uses its own image, so nothing is reused.
describe.each(combos)("viewport %i px at DPR %s", (viewport, dpr) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await fx.browser.newContext({
      viewport: { width: viewport, height: 900 },
      deviceScaleFactor: dpr,
    });
  });
  afterAll(() => context?.close());

  test.each(Object.keys(slots))("%s image: fetches enough pixels, not much more", async (layout) => {
    const page = await context.newPage();
    fx.server.hits.length = 0;
    await page.goto(`${fx.server.origin}/page/${layout}`);
    await imageLoaded(page, "#photo");
    const { currentSrc, slot, srcset } = await page.locator("#photo").evaluate((i: HTMLImageElement) => ({
      currentSrc: i.currentSrc,
      slot: i.getBoundingClientRect().width,
      srcset: i.srcset,
    }));
    await page.close();
    expect(slot).toBe(slots[layout]?.(viewport));
    const largest = Math.max(...srcset.split(/,\s+/).map((c) => widthOf(c.split(" ")[0] ?? "")));
    const needed = Math.min(slot * dpr, largest);
    const fetched = widthOf(currentSrc);
    expect(fetched, currentSrc).toBeGreaterThanOrEqual(needed);
    if (slot * dpr <= largest) expect(fetched, currentSrc).toBeLessThanOrEqual(1.3 * needed);
    // The browser really downloaded that candidate, and nothing else of this image.
    expect(fx.server.requested("/cdn-cgi/").map((h) => h.path)).toEqual([new URL(currentSrc).pathname]);
  });
});
