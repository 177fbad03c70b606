import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { browserFixture } from "./fixture";
import { backendPerTest, file, fileItem, openUploader, png, waitForStatus } from "./upload-backend";

// <Uploader> in real Chromium against the emulator: drop, paste and the picker, every kind of bad file, progress
// through the real XMLHttpRequest, measuring, and 20 files at concurrency 3.

const fixture = browserFixture();

const backend = backendPerTest(fixture);

const open = (query = "") => openUploader(fixture, query);

/** A DataTransfer holding one PNG named `name`, made in the page. */
function transfer(page: Awaited<ReturnType<typeof open>>, name: string, bytes: Buffer) {
  return page.evaluateHandle(
    ({ base64, name }) => {
      const data = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], name, { type: "image/png" }));
      return data;
    },
    { base64: bytes.toString("base64"), name },
  );
}

describe("ways in", () => {
  it("a dropped file uploads", async () => {
    const page = await open();
    const dataTransfer = await transfer(page, "dropped.png", await png());
    await page.dispatchEvent(".darkroom-dropzone", "drop", { dataTransfer });
    await waitForStatus(page, "dropped.png", "done");
  });

  it("a pasted file uploads", async () => {
    const page = await open();
    const clipboardData = await transfer(page, "pasted.png", await png());
    await page.evaluate(
      (data) =>
        document
          .querySelector(".darkroom-dropzone")
          ?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true })),
      clipboardData,
    );
    await waitForStatus(page, "pasted.png", "done");
  });

  it("the keyboard reaches the drop zone and Enter or Space opens the picker", async () => {
    const page = await open();
    // Count the clicks the drop zone makes on its file input (that is what opens the browser's picker); whether
    // the native dialog then shows is the browser's business, and racy to observe in headless mode.
    await page.evaluate(() => {
      const w = window as unknown as { picks: number };
      w.picks = 0;
      const click = HTMLInputElement.prototype.click;
      HTMLInputElement.prototype.click = function (this: HTMLInputElement) {
        if (this.type === "file") w.picks++;
        else click.call(this);
      };
    });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("darkroom-dropzone");
    await page.keyboard.press("Enter");
    await page.keyboard.press(" ");
    expect(await page.evaluate(() => (window as unknown as { picks: number }).picks)).toBe(2);
  });
});

/** A small JPEG whose SOF0 header claims `width`×`height`. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } })
    .jpeg({ progressive: false })
    .toBuffer();
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  bytes.writeUInt16BE(height, sof + 5);
  bytes.writeUInt16BE(width, sof + 7);
  return bytes;
}

describe("bad input", () => {
  it("each bad file gets its own message before any request, and the good file still goes", async () => {
    const page = await open();
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#468" } })
      .jpeg()
      .toBuffer();
    const wide = await sharp({ create: { width: 13_000, height: 8, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const files = [
      file("holiday.jpg", Buffer.from("<!doctype html><html><body>not a photo</body></html>"), "image/jpeg"),
      file("empty.png", Buffer.alloc(0)),
      file("huge.png", Buffer.concat([await png(), Buffer.alloc(11 * 1024 * 1024)])),
      file("wide.png", wide),
      file("bomb.jpg", await jpegClaiming(12_000, 10_000), "image/jpeg"),
      file(
        "logo.svg",
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "image/svg+xml",
      ),
      file("cut.jpg", jpeg.subarray(0, jpeg.length >> 1), "image/jpeg"),
      file("good.png", await png()),
    ];
    await page.setInputFiles('input[type="file"]', files);
    const expected: [string, RegExp][] = [
      ["holiday.jpg", /holiday\.jpg is not an image that can be uploaded: it is an HTML/],
      ["empty.png", /empty\.png is empty \(0 bytes\)/],
      ["huge.png", /huge\.png is 11(\.\d+)? MB.*Choose a smaller file/],
      ["wide.png", /wide\.png is 13,000 × 8 pixels; no side may exceed 12,000/],
      ["bomb.jpg", /bomb\.jpg is 120 megapixels; the limit is 100/],
      ["logo.svg", /logo\.svg contains scripts/],
      ["cut.jpg", /cut\.jpg is incomplete/],
    ];
    for (const [name, message] of expected) {
      await waitForStatus(page, name, "failed");
      expect(await fileItem(page, name).textContent()).toMatch(message);
    }
    await waitForStatus(page, "good.png", "done");
    expect(backend.provisions()).toBe(1);
  });

  it("file names with markup, right-to-left overrides or 500 characters are shown as safe text", async () => {
    const page = await open();
    const names = [
      '<img src=x onerror="window.hacked=1">.png',
      "invoice\u202Egnp.exe.png",
      `${"a".repeat(500)}.png`,
    ];
    await page.setInputFiles(
      'input[type="file"]',
      names.map((name) => file(name, Buffer.alloc(0))),
    );
    await page.locator('[data-status="failed"]').nth(2).waitFor();
    const shown = await page.locator(".darkroom-name").allTextContents();
    expect(shown[0]).toBe('<img src=x onerror="window.hacked=1">.png');
    expect(shown[1]).not.toContain("\u202E");
    expect(shown[2]?.length).toBeLessThan(120);
    expect(shown[2]).toMatch(/\.png$/);
    expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
  });

  it("metadata over Cloudflare's 1024 bytes is refused before any request", async () => {
    const page = await open("?bigmeta");
    await page.setInputFiles('input[type="file"]', file("meta.png", await png()));
    await waitForStatus(page, "meta.png", "failed");
    expect(await fileItem(page, "meta.png").textContent()).toMatch(
      /metadata for meta\.png is \d+ bytes as JSON; the limit is 1024/,
    );
    expect(backend.provisions()).toBe(0);
  });
});

describe("sending", () => {
  it("measures the image in the browser and hands onUploaded what <Image> needs", async () => {
    const page = await open();
    await page.setInputFiles('input[type="file"]', file("measured.png", await png(300, 200, 11)));
    await waitForStatus(page, "measured.png", "done");
    const [image] = (await page.evaluate(() => window.uploaded)) as Record<string, unknown>[];
    expect(image).toMatchObject({ width: 300, height: 200, name: "measured.png" });
    expect(image?.blurhash).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{20,}$/);
    expect(image?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\/public$/);
    const [stored] = await backend.images();
    expect(stored?.id).toBe(image?.id);
    expect(stored?.meta).toMatchObject({ width: 300, height: 200, blurhash: image?.blurhash });
  });

  it("shows progress and time left while the real XMLHttpRequest sends a large file", async () => {
    const page = await open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    await page.setInputFiles('input[type="file"]', file("big.png", await png(1200, 900, 5)));
    const item = fileItem(page, "big.png");
    await item.getByText(/ left/).waitFor({ timeout: 20_000 });
    const value = Number(await item.locator("progress").getAttribute("value"));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(100);
    expect(await item.textContent()).toMatch(/\d+(\.\d)? (KB|MB) of 3\.\d MB/);
    await waitForStatus(page, "big.png", "done", 40_000);
  });

  it("with downscale on, an image too wide for Cloudflare is shrunk in the browser and stored", async () => {
    const wide = await sharp({ create: { width: 13_000, height: 200, channels: 3, background: "#4a7" } })
      .png()
      .toBuffer();
    const page = await open("?downscale");
    await page.setInputFiles('input[type="file"]', file("panorama.png", wide));
    await waitForStatus(page, "panorama.png", "done");
    const [stored] = await backend.images();
    expect(stored?.meta).toMatchObject({ width: 12_000, height: 184 });
    const [image] = (await page.evaluate(() => window.uploaded)) as Record<string, unknown>[];
    expect(image).toMatchObject({ width: 12_000, height: 184 });
  });

  it("20 files at concurrency 3 all arrive, never more than 3 at once", async () => {
    const page = await open("?concurrency=3");
    backend.emulator.faults.add({ endpoint: "upload", kind: "delay", delayMs: 150, persistent: true });
    const files = await Promise.all(Array.from({ length: 20 }, (_, i) => png(48, 48, i + 1)));
    await page.setInputFiles(
      'input[type="file"]',
      files.map((bytes, i) => file(`f${i}.png`, bytes)),
    );
    await page.locator('[data-status="done"]').nth(19).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => window.maxInFlight)).toBe(3);
    expect(await backend.images()).toHaveLength(20);
  });
});
