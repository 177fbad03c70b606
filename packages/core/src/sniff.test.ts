import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { countFrames, sniffImage, walkJpeg } from "./sniff";
import type { ImageFormat } from "./upload-types";

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : [...p])),
  );
const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const box = (type: string, ...body: (string | number[] | Uint8Array)[]) => {
  const payload = bytes(...body);
  return bytes(u32(payload.length + 8), type, payload);
};
const ispe = (w: number, h: number) => box("ispe", [0, 0, 0, 0], u32(w), u32(h));
/** A HEIF header as phones write it: ftyp, then meta → iprp → ipco holding a thumbnail's and the image's ispe. */
const heif = (brand: string, ...props: Uint8Array[]) =>
  bytes(
    box("ftyp", brand, u32(0), "mif1", brand),
    box("meta", [0, 0, 0, 0], box("hdlr", u32(0), u32(0), "pict"), box("iprp", box("ipco", ...props))),
    box("mdat", new Uint8Array(64)),
  );

const pixels = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } });

const samples: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const image = () => pixels(123, 45);
  samples.jpeg = await image().jpeg().toBuffer();
  samples.progressive = await image().jpeg({ progressive: true }).toBuffer();
  samples.png = await image().png().toBuffer();
  samples.gif = await image().gif().toBuffer();
  samples.webp = await image().webp().toBuffer();
  samples.lossless = await image().webp({ lossless: true }).toBuffer();
  samples.alpha = await pixels(123, 45, 4).webp().toBuffer();
  samples.avif = await image().avif().toBuffer();
  // Three 123 × 45 frames stacked in one raw strip: sharp writes them as an animation.
  const strip = Buffer.alloc(123 * 45 * 3 * 3);
  for (let i = 0; i < strip.length; i++) strip[i] = (i * 7) % 251;
  const animation = () => sharp(strip, { raw: { width: 123, height: 45 * 3, channels: 3, pageHeight: 45 } });
  samples.animatedGif = await animation().gif().toBuffer();
  samples.animatedWebp = await animation().webp().toBuffer();
});

describe("sniffImage reads the format and size of real images", () => {
  it.each([
    ["jpeg", "jpeg"],
    ["progressive", "jpeg"],
    ["png", "png"],
    ["gif", "gif"],
    ["webp", "webp"],
    ["lossless", "webp"],
    ["alpha", "webp"],
    ["avif", "avif"],
  ] as const)("%s made by sharp is %s, 123 × 45", (sample, format) => {
    expect(sniffImage(samples[sample] as Uint8Array)).toEqual({ ok: true, format, width: 123, height: 45 });
  });

  it("reads an animation's frame size from its header and counts its frames by walking its blocks", () => {
    for (const [sample, format] of [
      ["animatedGif", "gif"],
      ["animatedWebp", "webp"],
    ] as const) {
      const bytes = samples[sample] as Uint8Array;
      expect(sniffImage(bytes)).toEqual({ ok: true, format, width: 123, height: 45 });
      expect(countFrames(bytes, format)).toBe(3);
    }
    expect(countFrames(samples.gif as Uint8Array, "gif")).toBe(1);
    expect(countFrames(samples.alpha as Uint8Array, "webp")).toBe(1);
    expect(countFrames(samples.png as Uint8Array, "png")).toBe(1);
  });

  it("covers the three WebP headers: VP8, VP8L and VP8X", () => {
    const chunk = (b?: Uint8Array) => String.fromCharCode(...(b as Uint8Array).subarray(12, 16));
    expect([chunk(samples.webp), chunk(samples.lossless), chunk(samples.alpha)]).toEqual([
      "VP8 ",
      "VP8L",
      "VP8X",
    ]);
  });

  it("walks past large metadata segments and fill bytes to the JPEG frame header", () => {
    const jpeg = samples.jpeg as Uint8Array;
    const app15 = [0xff, 0xef, 0xff, 0xff, ...new Array(0xfffd).fill(7)];
    const padded = bytes(jpeg.subarray(0, 2), app15, [0xff, 0xff, 0xff], jpeg.subarray(2));
    expect(sniffImage(padded)).toEqual({ ok: true, format: "jpeg", width: 123, height: 45 });
    expect(walkJpeg(padded).scanStart).toBeGreaterThan(app15.length);
  });

  it("reads HEIC from the largest ispe property, not the thumbnail's", () => {
    const phone = heif("heic", ispe(320, 240), ispe(4032, 3024));
    expect(sniffImage(phone)).toEqual({ ok: true, format: "heic", width: 4032, height: 3024 });
  });

  it("tells AVIF from HEIC by the ftyp brands, and an MP4 is a video", () => {
    expect(sniffImage(heif("avif", ispe(640, 480)))).toMatchObject({ ok: true, format: "avif" });
    expect(sniffImage(bytes(box("ftyp", "isom", u32(0), "isom", "mp41"), box("mdat")))).toEqual({
      ok: false,
      reason: "not-an-image",
      detected: "video",
    });
  });
});

describe("sniffImage recognises SVG as text", () => {
  it("skips the XML declaration, comments and DOCTYPE, and reads width and height", () => {
    const svg = `\uFEFF<?xml version="1.0"?>\n<!-- Generator: x -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="32"><rect/></svg>`;
    expect(sniffImage(new TextEncoder().encode(svg))).toEqual({
      ok: true,
      format: "svg",
      width: 64,
      height: 32,
    });
  });

  it("falls back to the viewBox, then to the browser default of 300 × 150", () => {
    const sniff = (s: string) => sniffImage(new TextEncoder().encode(s));
    expect(sniff('<svg viewBox="0 0 24 12"></svg>')).toMatchObject({ width: 24, height: 12 });
    expect(sniff('<svg width="50%" height="2em"></svg>')).toMatchObject({ width: 300, height: 150 });
  });
});

describe("sniffImage names what is not an image", () => {
  const text = (s: string) => sniffImage(new TextEncoder().encode(s));
  it.each([
    ["html", "<!DOCTYPE html><html><body>hi</body></html>"],
    ["html", "\n  <!-- saved page --><html lang=en>"],
    ["html", "<script>alert(1)</script>"],
    ["xml", '<?xml version="1.0"?><rss></rss>'],
    ["json", '{"a":1}'],
    ["text", "just some notes\nline two"],
    ["pdf", "%PDF-1.7\n%âãÏÓ"],
  ])("%s: %j", (detected, content) => {
    expect(text(content)).toEqual({ ok: false, reason: "not-an-image", detected });
  });

  it("names ZIP, BMP and TIFF files and gives up on unknown binary", () => {
    expect(sniffImage(bytes("PK", [3, 4, 20, 0]))).toMatchObject({ detected: "zip" });
    expect(sniffImage(bytes("BM", new Uint8Array(12), [40, 0, 0, 0], new Uint8Array(40)))).toMatchObject({
      detected: "bmp",
    });
    expect(sniffImage(bytes("BMW service notes"))).toMatchObject({ detected: "text" });
    expect(sniffImage(bytes("II", [42, 0, 8, 0]))).toMatchObject({ detected: "tiff" });
    expect(sniffImage(bytes([0, 1, 2, 3, 200, 201]))).toEqual({ ok: false, reason: "unknown-format" });
    expect(sniffImage(new Uint8Array(0))).toEqual({ ok: false, reason: "unknown-format" });
  });
});

describe("sniffImage on damaged headers", () => {
  it.each([
    ["png", 20],
    ["gif", 8],
    ["webp", 22],
    ["jpeg", 40],
    ["avif", 30],
  ] as const)("a %s cut after %d bytes is truncated", (format, length) => {
    const sample = samples[format] as Uint8Array;
    expect(sniffImage(sample.subarray(0, length))).toEqual({ ok: false, reason: "truncated", format });
  });

  it("a PNG whose IHDR says 0 pixels wide is corrupt", () => {
    const png = Uint8Array.from(samples.png as Uint8Array);
    png.set([0, 0, 0, 0], 16);
    expect(sniffImage(png)).toEqual({ ok: false, reason: "corrupt", format: "png" });
  });

  it("a JPEG with garbage where a marker should be is corrupt", () => {
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0x12, 0x34]))).toEqual({
      ok: false,
      reason: "corrupt",
      format: "jpeg",
    });
  });
});

describe("sniffImage does bounded work on any input", () => {
  // A small deterministic generator (mulberry32) so a failure can be replayed.
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const formats: readonly (ImageFormat | "failure")[] = [
    "jpeg",
    "png",
    "gif",
    "webp",
    "avif",
    "heic",
    "svg",
    "failure",
  ];

  it("never throws on truncated, bit-flipped or random buffers, and returns a well-formed result", () => {
    const next = random(5);
    const started = performance.now();
    let cases = 0;
    const seeds = [...Object.values(samples), heif("heic", ispe(1, 1)), new TextEncoder().encode("<svg>")];
    for (const seed of seeds) {
      for (let k = 0; k < 300; k++) {
        const copy = Uint8Array.from(seed.subarray(0, Math.floor(next() * (seed.length + 1))));
        for (let flips = Math.floor(next() * 4); flips > 0 && copy.length; flips--)
          copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
        const result = sniffImage(copy);
        if (result.ok) expect(countFrames(copy, result.format)).toBeGreaterThanOrEqual(1);
        cases++;
        expect(formats).toContain(result.ok ? result.format : "failure");
        if (result.ok) expect(result.width * result.height).toBeGreaterThan(0);
      }
    }
    for (let k = 0; k < 500; k++) {
      const junk = Uint8Array.from({ length: Math.floor(next() * 2048) }, () => Math.floor(next() * 256));
      // Give half of them a real signature so the format parsers, not just the dispatcher, see junk.
      if (k % 2 && junk.length >= 12) junk.set((seeds[k % seeds.length] as Uint8Array).subarray(0, 12));
      expect(() => sniffImage(junk)).not.toThrow();
      cases++;
    }
    expect(cases).toBe(seeds.length * 300 + 500);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("walks 5 MB of minimal JPEG segments and 5 MB of ISO-BMFF boxes in linear time", () => {
    const segments = new Uint8Array(5 * 1024 * 1024 + 2);
    segments.set([0xff, 0xd8]);
    for (let i = 2; i + 4 <= segments.length; i += 4) segments.set([0xff, 0xe1, 0, 2], i);
    const boxes = new Uint8Array(5 * 1024 * 1024);
    boxes.set(box("ftyp", "heic", u32(0)));
    for (let i = 16; i + 8 <= boxes.length; i += 8) boxes.set([...u32(8), ...bytes("free")], i);
    const started = performance.now();
    expect(sniffImage(segments)).toEqual({ ok: false, reason: "truncated", format: "jpeg" });
    expect(sniffImage(boxes)).toEqual({ ok: false, reason: "truncated", format: "heic" });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
