import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import sharp from "sharp";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
}

/** A page in a fresh context (empty cache); close it with `page.context().close()`. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  return context.newPage();
}

/** RGB bytes of the element's box as painted (a screenshot of it). */
export async function paintedPixels(page: Page, selector: string): Promise<Buffer> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  const png = await page.screenshot({ clip: box, animations: "disabled", caret: "initial" });
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** Mean absolute difference per channel (0–255) between two equally sized RGB buffers. */
export function difference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

/** Mean colour of RGB bytes. */
export function meanColour(px: Buffer): [number, number, number] {
  const sum: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < px.length; i += 3) {
    sum[0] += px[i] as number;
    sum[1] += px[i + 1] as number;
    sum[2] += px[i + 2] as number;
  }
  return sum.map((s) => Math.round(s / (px.length / 3))) as [number, number, number];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the `<img>` matching `selector` has decoded pixels (naturalWidth > 0). Works with JavaScript off. */
export async function imageLoaded(page: Page, selector: string, timeout = 30_000): Promise<void> {
  const img = page.locator(selector);
  for (const end = Date.now() + timeout; Date.now() < end; await sleep(50))
    if (await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)) return;
  throw new Error(`${selector} did not load within ${timeout} ms`);
}
