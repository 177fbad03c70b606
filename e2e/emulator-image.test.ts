import { type Emulator, startEmulator } from "@darkroom/emulator";
import sharp from "sharp";
import { afterEach, describe, expect, test } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";

// The path a new user takes: upload to the emulator, hand the delivery URL it answers to <Image>, and see the
// image (flexible variants on) or a warning that names the cause and the flag (off, as on a new account).
const fx = browserFixture();
let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

/** Uploads a 64×48 PNG through the emulator's v1 API; its first delivery URL, as `onUploaded` would give it. */
async function upload(emu: Emulator): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c04020" } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "fox.png");
  const response = await fetch(`${emu.url}/client/v4/accounts/${emu.accountId}/images/v1`, {
    method: "POST",
    headers: { authorization: `Bearer ${emu.apiToken}` },
    body: form,
  });
  const body = (await response.json()) as { result: { variants: string[] } };
  return body.result.variants[0] as string;
}

async function open(src: string) {
  fx.page = await newPage(fx.browser);
  const warnings: string[] = [];
  fx.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  await fx.page.goto(`${fx.server.origin}/entry/emulator-image?src=${encodeURIComponent(src)}`);
  await fx.page.waitForFunction(() => {
    const state = document.querySelector("#photo")?.getAttribute("data-state");
    return state === "loaded" || state === "error";
  });
  const img = await fx.page.locator("#photo").evaluate((i: HTMLImageElement) => ({
    state: i.dataset.state,
    srcset: i.srcset,
    currentSrc: i.currentSrc,
  }));
  return { img, warnings };
}

describe("<Image> on the emulator's delivery URLs", () => {
  test("with --flexible-variants, the uploaded URL gets a srcset of resized candidates that load", async () => {
    emulator = await startEmulator({ flexibleVariants: true });
    const url = await upload(emulator);
    const { img, warnings } = await open(url);
    expect(img.state).toBe("loaded");
    expect(img.srcset).toContain(`${emulator.url}/cdn-cgi/imagedelivery/${emulator.accountHash}/`);
    expect(img.currentSrc).toMatch(/\/w=\d+$/);
    expect(warnings.filter((w) => w.includes("[darkroom]"))).toEqual([]);
  });

  test("with flexible variants off, a development warning names err=9429 and the flag", async () => {
    emulator = await startEmulator();
    const url = await upload(emulator);
    const { img, warnings } = await open(url);
    expect(img.state).toBe("error");
    // The warning follows the image's error by one fetch of the failed candidate.
    await expect
      .poll(() => warnings.find((w) => w.includes("err=9429")), { timeout: 10_000 })
      .toMatch(/flexible variants are off.*--flexible-variants/);
  });
});
