import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, bombPng, envelope, form, jpeg, png, pngOfSize, uploaded, uploadV1 } from "./test-support";

let emu: Emulator;
let keeper: { id: string };
let keeperBytes: Buffer;
const MB10 = 10 * 1024 * 1024;

beforeAll(async () => {
  emu = await startEmulator();
  keeperBytes = await png(20, 20);
  keeper = await uploaded(emu, keeperBytes, { id: "keeper" });
});
afterAll(() => emu.stop());

const expectError = async (response: Response, status: number, code: number) => {
  expect(response.status).toBe(status);
  expect((await envelope(response)).errors[0]?.code).toBe(code);
};

describe("file size", () => {
  it("accepts exactly 10 MiB and refuses one byte more with 413 / 5413", async () => {
    const exact = await pngOfSize(MB10);
    expect(exact.length).toBe(MB10);
    expect((await uploadV1(emu, exact)).status).toBe(200);
    await expectError(await uploadV1(emu, await pngOfSize(MB10 + 1)), 413, 5413);
  });

  it("stops reading a body far past the limit", async () => {
    const huge = Buffer.alloc(40 * 1024 * 1024);
    await expectError(await uploadV1(emu, huge), 413, 5413);
  });
});

describe("dimensions", () => {
  it("accepts 12,000 px per side and refuses 12,001", async () => {
    const wide = await sharp({ create: { width: 12_000, height: 4, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    expect((await uploadV1(emu, wide)).status).toBe(200);
    await expectError(await uploadV1(emu, bombPng(12_001, 4)), 400, 5400);
    await expectError(await uploadV1(emu, bombPng(4, 12_001)), 400, 5400);
  });

  it("refuses more than 100 megapixels from the header alone", async () => {
    await expectError(await uploadV1(emu, bombPng(10_000, 10_001)), 400, 5400);
  }, 5000);

  it("refuses a decompression bomb quickly, without decoding it", async () => {
    const started = Date.now();
    const bomb = bombPng(60_000, 60_000);
    expect(bomb.length).toBeLessThan(2000);
    await expectError(await uploadV1(emu, bomb), 400, 5400);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a header that claims 100 MP exactly but carries no pixel data (truncated)", async () => {
    await expectError(await uploadV1(emu, bombPng(10_000, 10_000)), 400, 5455);
  });
});

describe("format sniffing", () => {
  it("accepts JPEG, PNG, GIF, WebP, AVIF and SVG detected from the bytes, whatever the name", async () => {
    const base = sharp({ create: { width: 16, height: 16, channels: 3, background: "#0a0" } });
    const files = [
      await jpeg(16, 16),
      await png(16, 16),
      await base.clone().gif().toBuffer(),
      await base.clone().webp().toBuffer(),
      await base.clone().avif().toBuffer(),
      Buffer.from(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
      ),
    ];
    for (const bytes of files) expect((await uploadV1(emu, bytes, {}, "misleading.txt")).status).toBe(200);
  });

  it("refuses HTML renamed .jpg with image/jpeg type as 400 / 5455", async () => {
    const html = Buffer.from("<!doctype html><html><body>not an image</body></html>");
    const body = form({ file: [html, "photo.jpg", "image/jpeg"] });
    await expectError(await api(emu, "v1", { method: "POST", body }), 400, 5455);
  });

  it("refuses an ISO-BMFF file that is neither AVIF nor HEIC, and a HEIC sharp cannot read, as 5455", async () => {
    const box = (brand: string) => {
      const head = Buffer.alloc(16);
      head.writeUInt32BE(16);
      head.write(`ftyp${brand}`, 4, "latin1");
      return Buffer.concat([head, Buffer.alloc(64)]);
    };
    await expectError(await uploadV1(emu, box("isom"), {}, "clip.heic"), 400, 5455);
    await expectError(await uploadV1(emu, box("heic"), {}, "photo.heic"), 400, 5455);
  });

  it("refuses a truncated JPEG as 400 / 5455", async () => {
    const whole = await jpeg(200, 200);
    await expectError(await uploadV1(emu, whole.subarray(0, Math.floor(whole.length / 2))), 400, 5455);
  });
});

describe("bad requests", () => {
  it("refuses a raw image body with 415 / 5415", async () => {
    const response = await api(emu, "v1", {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: new Uint8Array(keeperBytes),
    });
    await expectError(response, 415, 5415);
  });

  it("refuses malformed multipart with 400 / 5400", async () => {
    const response = await api(emu, "v1", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
    });
    await expectError(response, 400, 5400);
  });

  it("keeps serving and leaves stored images untouched after all the bad input", async () => {
    const blob = await api(emu, `v1/${keeper.id}/blob`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(keeperBytes)).toBe(true);
    const stats = await envelope(await api(emu, "v1/stats"));
    expect(stats.result).toEqual({ count: { allowed: 100_000, current: 9 } });
  });
});
