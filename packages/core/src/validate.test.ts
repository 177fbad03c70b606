import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { FileErrorCode, ValidationResult } from "./upload-types";
import { validateFile } from "./validate-entry";

const MB = 1024 * 1024;
const named = (parts: BlobPart[], name: string, type = "") =>
  Object.assign(new Blob(parts, { type }), { name });
const codes = (r: ValidationResult): FileErrorCode[] => (r.ok ? [] : r.errors.map((e) => e.code));
const messages = (r: ValidationResult): string[] => (r.ok ? [] : r.errors.map((e) => e.message));

/** A real PNG whose IHDR is rewritten to claim `width` × `height`: 69 bytes claiming up to gigapixels. */
const claimingPng = (png: Uint8Array<ArrayBuffer>, width: number, height: number) => {
  const copy = Uint8Array.from(png);
  const view = new DataView(copy.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return copy;
};

let jpeg: Uint8Array<ArrayBuffer>;
let png: Uint8Array<ArrayBuffer>;
let webp: Uint8Array<ArrayBuffer>;
let gif: Uint8Array<ArrayBuffer>;
let avif: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  const image = () =>
    sharp({ create: { width: 320, height: 200, channels: 3, background: "#3a7" } }).composite([
      {
        input: Buffer.from([255, 0, 0]),
        raw: { width: 1, height: 1, channels: 3 },
        tile: true,
        blend: "xor",
      },
    ]);
  jpeg = new Uint8Array(await image().jpeg().toBuffer());
  png = new Uint8Array(await image().png().toBuffer());
  webp = new Uint8Array(await image().webp().toBuffer());
  gif = new Uint8Array(await image().gif().toBuffer());
  avif = new Uint8Array(await image().avif().toBuffer());
});

describe("validateFile accepts real images", () => {
  it.each(["jpeg", "png", "webp", "gif", "avif"] as const)("%s", async (format) => {
    const data = { jpeg, png, webp, gif, avif }[format];
    expect(await validateFile(named([data], `photo.${format}`))).toEqual({
      ok: true,
      info: { format, width: 320, height: 200 },
    });
  });

  it("accepts a clean SVG and JSON metadata of exactly 1024 bytes", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><a href="#x">ok</a></svg>';
    const metadata = { note: "x".repeat(1024 - '{"note":""}'.length) };
    expect(await validateFile(named([svg], "logo.svg"), { metadata })).toEqual({
      ok: true,
      info: { format: "svg", width: 10, height: 10 },
    });
  });
});

describe("validateFile refuses bad input with a specific code", () => {
  it("file-empty: a 0-byte file", async () => {
    const result = await validateFile(named([], "empty.jpg"));
    expect(codes(result)).toEqual(["file-empty"]);
    expect(messages(result)[0]).toBe("empty.jpg is empty (0 bytes). Choose the file again, or another one.");
  });

  it("file-too-large: 11.2 MB of zeros after a JPEG header, with the size and limit in the message", async () => {
    const file = named([jpeg.subarray(0, 600), new Uint8Array(Math.round(11.2 * MB) - 600)], "photo.jpg");
    const result = await validateFile(file);
    expect(codes(result)).toEqual(["file-too-large"]);
    expect(messages(result)[0]).toBe(
      "photo.jpg is 11.2 MB; the limit is 10 MB. Choose a smaller file or enable downscaling.",
    );
  });

  it("file-too-large: gives exact byte counts when rounding would hide the difference", async () => {
    const result = await validateFile(named([jpeg, new Uint8Array(10 * MB + 1 - jpeg.length)], "a.jpg"));
    expect(messages(result)[0]).toContain("10,485,761 bytes; the limit is 10,485,760 bytes");
  });

  it("file-invalid-type: an HTML page renamed .jpg, whatever its declared type", async () => {
    const html = named(["<!doctype html><html><script>steal()</script></html>"], "cat.jpg", "image/jpeg");
    const result = await validateFile(html);
    expect(codes(result)).toEqual(["file-invalid-type"]);
    expect(messages(result)[0]).toBe(
      "cat.jpg is not an image that can be uploaded: it is an HTML page. Choose an image in JPEG, PNG, GIF, WebP, AVIF, HEIC or SVG format.",
    );
  });

  it("file-invalid-type: a real image outside the accept list, matched by its bytes not its name", async () => {
    const pngNamedJpg = named([png], "photo.jpg", "image/jpeg");
    const result = await validateFile(pngNamedJpg, { accept: ["image/jpeg", ".jpg"] });
    expect(codes(result)).toEqual(["file-invalid-type"]);
    expect(messages(result)[0]).toBe(
      "photo.jpg is in PNG format, which is not accepted here. Choose an image in JPEG format.",
    );
    expect((await validateFile(named([png], "x.png"), { accept: ["image/*"] })).ok).toBe(true);
    expect((await validateFile(named([jpeg], "x"), { accept: [".JPG"] })).ok).toBe(true);
  });

  it("dimensions-too-large: a 69-byte PNG claiming 13,000 × 100", async () => {
    const result = await validateFile(named([claimingPng(png, 13_000, 100)], "wide.png"));
    expect(codes(result)).toEqual(["dimensions-too-large"]);
    expect(messages(result)[0]).toContain("13,000 × 100 pixels; no side may exceed 12,000");
  });

  it("too-many-pixels: a small PNG claiming 11,000 × 11,000 (121 MP), read from the header", async () => {
    const bomb = claimingPng(png, 11_000, 11_000);
    expect(bomb.length).toBeLessThan(2000);
    const result = await validateFile(named([bomb], "bomb.png"));
    expect(codes(result)).toEqual(["too-many-pixels"]);
    expect(messages(result)[0]).toContain("121 megapixels; the limit is 100");
  });

  it("too-many-pixels: animation frames count, as Cloudflare sums them", async () => {
    const strip = Buffer.alloc(300 * 300 * 3 * 3);
    for (let i = 0; i < strip.length; i++) strip[i] = (i * 13) % 251;
    const frames = () => sharp(strip, { raw: { width: 300, height: 900, channels: 3, pageHeight: 300 } });
    const animatedGif = new Uint8Array(await frames().gif().toBuffer());
    const animatedWebp = new Uint8Array(await frames().webp().toBuffer());
    const limits = { maxPixels: 250_000 }; // one frame is 90,000 pixels, three are 270,000
    const result = await validateFile(named([animatedGif], "loop.gif"), limits);
    expect(codes(result)).toEqual(["too-many-pixels"]);
    expect(messages(result)[0]).toBe(
      "loop.gif is 300 × 300 pixels × 3 frames = 270,000 pixels; the limit is 250,000 over all frames. Shorten or resize the animation and retry.",
    );
    expect(codes(await validateFile(named([animatedWebp], "loop.webp"), limits))).toEqual([
      "too-many-pixels",
    ]);
    expect(await validateFile(named([animatedWebp], "loop.webp"))).toEqual({
      ok: true,
      info: { format: "webp", width: 300, height: 300, frames: 3 },
    });
  });

  it("both size codes when both limits are broken, and custom limits apply", async () => {
    expect(codes(await validateFile(named([claimingPng(png, 20_000, 20_000)], "x.png")))).toEqual([
      "dimensions-too-large",
      "too-many-pixels",
    ]);
    expect(codes(await validateFile(named([png], "x.png"), { maxSide: 300 }))).toEqual([
      "dimensions-too-large",
    ]);
  });

  it("file-truncated: a JPEG cut in its image data, before the end marker", async () => {
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    const result = await validateFile(named([cut], "cut.jpg"));
    expect(codes(result)).toEqual(["file-truncated"]);
    expect(messages(result)[0]).toBe(
      "cut.jpg is incomplete: its JPEG data ends early. It may not have finished downloading or copying; get a complete copy and retry.",
    );
    const withPadding = named([cut, new Uint8Array(500)], "cut.jpg");
    expect(codes(await validateFile(withPadding))).toEqual(["file-truncated"]);
    // The end marker of an EXIF thumbnail, before the scan, does not make a cut file complete.
    const exif = [...new TextEncoder().encode("Exif\0\0"), ...jpeg];
    const app1 = [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
    const withThumbnail = new Uint8Array([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
    expect((await validateFile(named([withThumbnail], "thumb.jpg"))).ok).toBe(true);
    const thumbCut = withThumbnail.subarray(0, withThumbnail.length - 200);
    expect(codes(await validateFile(named([thumbCut], "thumb.jpg")))).toEqual(["file-truncated"]);
  });

  it("file-truncated: a JPEG cut inside its header, and a PNG and a WebP cut short", async () => {
    expect(codes(await validateFile(named([jpeg.subarray(0, 100)], "a.jpg")))).toEqual(["file-truncated"]);
    expect(codes(await validateFile(named([png.subarray(0, png.length - 20)], "b.png")))).toEqual([
      "file-truncated",
    ]);
    expect(codes(await validateFile(named([webp.subarray(0, webp.length - 10)], "c.webp")))).toEqual([
      "file-truncated",
    ]);
  });

  it("file-truncated: a GIF without its trailer and an AVIF shorter than its boxes", async () => {
    expect(codes(await validateFile(named([gif.subarray(0, gif.length - 1)], "d.gif")))).toEqual([
      "file-truncated",
    ]);
    expect(codes(await validateFile(named([avif.subarray(0, avif.length - 10)], "e.avif")))).toEqual([
      "file-truncated",
    ]);
  });

  it("a motion photo's video after the JPEG is not mistaken for truncation", async () => {
    const xmp = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0<x GCamera:MotionPhoto="1"/>');
    const app1 = [0xff, 0xe1, (xmp.length + 2) >> 8, (xmp.length + 2) & 255, ...xmp];
    const video = new Uint8Array(200 * 1024).fill(0x42);
    const motion = named([jpeg.subarray(0, 2), new Uint8Array(app1), jpeg.subarray(2), video], "PXL.MP.jpg");
    expect((await validateFile(motion)).ok).toBe(true);
    // Without the XMP declaration, 200 KB after the image cannot be told from a cut scan.
    expect(codes(await validateFile(named([jpeg, video], "plain.jpg")))).toEqual(["file-truncated"]);
    // A short trailer after the end marker is visibly after the end of the image.
    expect((await validateFile(named([jpeg, "trailer"], "tagged.jpg"))).ok).toBe(true);
  });

  it("too-many-pixels: a 200-byte HEIC whose ispe claims 12,000 × 10,000", async () => {
    const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    const box = (type: string, ...body: number[]) => [...u32(body.length + 8), ...enc(type), ...body];
    const enc = (t: string) => [...new TextEncoder().encode(t)];
    const ispe = box("ispe", 0, 0, 0, 0, ...u32(12_000), ...u32(10_000));
    const heic = new Uint8Array([
      ...box("ftyp", ...enc("heic"), 0, 0, 0, 0, ...enc("mif1heic")),
      ...box("meta", 0, 0, 0, 0, ...box("iprp", ...box("ipco", ...ispe))),
      ...box("mdat", ...new Array(100).fill(1)),
    ]);
    const result = await validateFile(named([heic], "IMG_0001.HEIC"));
    expect(codes(result)).toEqual(["too-many-pixels"]);
    expect(messages(result)[0]).toBe(
      "IMG_0001.HEIC is 120 megapixels; the limit is 100. Resize it and retry.",
    );
  });

  it("a JPEG with zero padding after its end marker is complete", async () => {
    expect((await validateFile(named([jpeg, new Uint8Array(300)], "padded.jpg"))).ok).toBe(true);
  });

  it("file-corrupt: a PNG whose header says 0 pixels high", async () => {
    expect(codes(await validateFile(named([claimingPng(png, 10, 0)], "zero.png")))).toEqual(["file-corrupt"]);
  });

  it.each([
    ["a script element", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"],
    ["an onload handler", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'],
    ["an onclick handler after a slash", '<svg><rect/onclick="x()"/></svg>'],
    ["a javascript: link", '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    ["an entity-encoded javascript: link", '<svg><a href="jav&#x09;ascript&#58;alert(1)">x</a></svg>'],
  ])("svg-script: an SVG with %s", async (_, svg) => {
    expect(codes(await validateFile(named([svg], "icon.svg")))).toEqual(["svg-script"]);
  });

  it("metadata-too-large: 1025 bytes of JSON; metadata-invalid: a cycle", async () => {
    const metadata = { note: "x".repeat(1025 - '{"note":""}'.length) };
    const result = await validateFile(named([png], "a.png"), { metadata });
    expect(codes(result)).toEqual(["metadata-too-large"]);
    expect(messages(result)[0]).toBe(
      "The metadata for a.png is 1025 bytes as JSON; the limit is 1024. Shorten it.",
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(codes(await validateFile(named([png], "a.png"), { metadata: cycle }))).toEqual([
      "metadata-invalid",
    ]);
  });

  it("reports every problem at once: an 11 MB HTML file with oversized metadata", async () => {
    const file = named(["<html><body>", new Uint8Array(11 * MB)], "page.jpg");
    const result = await validateFile(file, { metadata: { a: "x".repeat(2000) } });
    expect(codes(result)).toEqual(["metadata-too-large", "file-too-large", "file-invalid-type"]);
  });
});

describe("validateFile on damaged files", () => {
  it("resolves, never throws, for cut and bit-flipped copies of every format", async () => {
    let seed = 11;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const known = new Set<string>([
      "file-invalid-type",
      "file-corrupt",
      "file-truncated",
      "dimensions-too-large",
      "too-many-pixels",
      "svg-script",
    ]);
    for (const sample of [jpeg, png, webp, gif, avif]) {
      for (let k = 0; k < 60; k++) {
        const copy = Uint8Array.from(sample.subarray(0, 1 + Math.floor(next() * sample.length)));
        for (let flips = Math.floor(next() * 3); flips > 0; flips--)
          copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
        const result = await validateFile(named([copy], "fuzz"));
        for (const code of codes(result)) expect(known).toContain(code);
        if (!result.ok) for (const message of messages(result)) expect(message).toMatch(/^fuzz .+\.$/);
      }
    }
  });
});

describe("validateFile messages", () => {
  it("show hostile names safely: no bidi override, shortened, and 'This file' without a name", async () => {
    const rtl = await validateFile(named([], `${"x".repeat(500)}\u202Egpj.exe`));
    expect(messages(rtl)[0]).not.toContain("\u202E");
    expect(messages(rtl)[0]).toMatch(/^x{75}…\.exe is empty/);
    const anonymous = await validateFile(new Blob([]));
    expect(messages(anonymous)[0]).toMatch(/^This file is empty/);
  });

  it("can be replaced per code, with the context of the failure", async () => {
    const result = await validateFile(named([claimingPng(png, 13_000, 100)], "wide.png"), {
      messages: {
        "dimensions-too-large": (c) => `${c.name}: ${c.info?.width}px > ${c.limits.maxSide}px`,
      },
    });
    expect(messages(result)).toEqual(["wide.png: 13000px > 12000px"]);
  });

  it("see what was learnt about the file, even for a code found before sniffing", async () => {
    const big = named([png, new Uint8Array(2048)], "big.png");
    const result = await validateFile(big, {
      maxBytes: 1024,
      messages: { "file-too-large": (c) => `${c.info?.format} ${c.info?.width}×${c.info?.height} > 1 KB` },
    });
    expect(messages(result)).toEqual(["png 320×200 > 1 KB"]);
  });
});

describe("validateFile reads only what it needs", () => {
  it("reads the head and the tail of a 9 MB JPEG, not the whole file", async () => {
    const file = named([jpeg, new Uint8Array(9 * MB), new Uint8Array([0xff, 0xd9])], "big.jpg");
    let read = 0;
    const slice = file.slice.bind(file);
    file.slice = (start?: number, end?: number) => {
      read += (end ?? file.size) - (start ?? 0);
      return slice(start, end);
    };
    expect((await validateFile(file)).ok).toBe(true);
    expect(read).toBeLessThanOrEqual(128 * 1024);
  });

  it("rejects with the abort reason when its signal is aborted while reading", async () => {
    const controller = new AbortController();
    const pending = validateFile(named([jpeg], "a.jpg"), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect((await validateFile(named([jpeg], "a.jpg"), { signal: new AbortController().signal })).ok).toBe(
      true,
    );
  });
});
