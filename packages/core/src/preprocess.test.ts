import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { PreprocessError } from "./preprocess-error";
import { jpegOrientation } from "./preprocess-header";
import type { UploaderOptions } from "./upload-queue-types";
import { preprocessImage } from "./validate-entry";

// Node has no createImageBitmap, Worker or canvas: everything here runs the header-only path.

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
const blob = (bytes: Uint8Array | undefined, type = "") => new Blob([new Uint8Array(bytes ?? [])], { type });

const samples: Record<string, Uint8Array> = {};
const sample = (name: string) => samples[name] ?? new Uint8Array();

beforeAll(async () => {
  samples.jpeg = await photo(300, 200).jpeg().toBuffer();
  samples.png = await photo(301, 199).png().toBuffer();
  samples.webp = await photo(302, 198).webp().toBuffer();
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8])
    samples[`jpeg${orientation}`] = await photo(300, 200).jpeg().withMetadata({ orientation }).toBuffer();
  // 200 KB of XMP ahead of the frame header: more than the first 64 KB window holds.
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><!--${"x".repeat(60_000)}--></x:xmpmeta>`;
  const padded = await photo(300, 200).jpeg().toBuffer();
  const app1 = (text: string) => {
    const body = Buffer.concat([Buffer.from("http://ns.adobe.com/xap/1.0/\0"), Buffer.from(text)]);
    const length = body.length + 2;
    return Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 255]), body]);
  };
  samples.bigHeader = Buffer.concat([
    padded.subarray(0, 2),
    app1(xmp),
    app1(xmp),
    app1(xmp),
    padded.subarray(2),
  ]);
});

describe("preprocessImage without a decoder (Node)", () => {
  it("measures JPEG, PNG and WebP from the header, with no hash, and returns the same Blob", async () => {
    for (const [name, width, height] of [
      ["jpeg", 300, 200],
      ["png", 301, 199],
      ["webp", 302, 198],
    ] as const) {
      const file = blob(samples[name], `image/${name}`);
      const result = await preprocessImage(file);
      expect(result).toEqual({ width, height, blurhash: undefined, file, downscaled: false });
      expect(result.file).toBe(file);
    }
  });

  it("reports the size as displayed for every EXIF orientation", async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { width, height } = await preprocessImage(blob(samples[`jpeg${orientation}`]));
      expect([orientation, width, height]).toEqual(
        orientation >= 5 ? [orientation, 200, 300] : [orientation, 300, 200],
      );
    }
  });

  it("reads past the first 64 KB when the metadata before the frame header is longer", async () => {
    expect(sample("bigHeader").length).toBeGreaterThan(180_000);
    const result = await preprocessImage(blob(samples.bigHeader));
    expect([result.width, result.height]).toEqual([300, 200]);
  });

  it("keeps the file when a copy is asked for but nothing can draw one", async () => {
    const file = blob(samples.png);
    const result = await preprocessImage(file, { downscale: { maxSide: 100 } });
    expect(result.downscaled).toBe(false);
    expect(result.file).toBe(file);
  });

  it("measures an SVG from its attributes", async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"/>');
    expect(await preprocessImage(blob(svg))).toMatchObject({ width: 64, height: 48, blurhash: undefined });
  });

  it("rejects with a PreprocessError saying what the file is when it is not an image", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n...");
    const error = await preprocessImage(blob(pdf)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreprocessError);
    expect(error).toMatchObject({ reason: "not-an-image", message: expect.stringContaining("pdf") });
    const cut = await preprocessImage(blob(sample("png").subarray(0, 20))).catch((e: unknown) => e);
    expect(cut).toMatchObject({ name: "PreprocessError", reason: "truncated" });
  });

  it("fits the Uploader's preprocess hook", async () => {
    // Typed as the option, so tsc fails here if the result stops satisfying the Uploader's PreprocessResult.
    const hook: UploaderOptions["preprocess"] = (file, signal) =>
      preprocessImage(file, { signal, downscale: {} });
    const measured = await hook?.(blob(samples.png), new AbortController().signal);
    expect(measured).toMatchObject({ width: 301, height: 199 });
  });

  it("rejects components outside 1–9", async () => {
    await expect(preprocessImage(blob(samples.png), { components: [0, 3] })).rejects.toThrow(RangeError);
    await expect(preprocessImage(blob(samples.png), { components: [4, 2.5] })).rejects.toThrow(RangeError);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await preprocessImage(blob(samples.png), { signal: controller.signal }).catch((e) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    const later = new AbortController();
    const pending = preprocessImage(blob(samples.png), { signal: later.signal });
    later.abort(new Error("user left"));
    await expect(pending).rejects.toThrow("user left");
  });
});

describe("jpegOrientation", () => {
  it("reads little-endian EXIF as sharp writes it", () => {
    for (const orientation of [1, 3, 6, 8])
      expect(jpegOrientation(sample(`jpeg${orientation}`))).toBe(orientation);
  });

  it("reads big-endian EXIF and gives 1 without EXIF or for junk", () => {
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 7, 0, 0, 0, 0, 0, 0];
    const app1 = [
      0xff,
      0xe1,
      0,
      8 + tiff.length,
      ..."Exif\0\0".split("").map((c) => c.charCodeAt(0)),
      ...tiff,
    ];
    expect(jpegOrientation(Uint8Array.from([0xff, 0xd8, ...app1, 0xff, 0xda, 0, 2]))).toBe(7);
    expect(jpegOrientation(sample("jpeg"))).toBe(1);
    expect(jpegOrientation(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe(1);
    expect(jpegOrientation(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 40, 0x45, 0x78]))).toBe(1);
  });
});
