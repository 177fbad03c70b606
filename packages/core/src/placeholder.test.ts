import { decode, encode } from "blurhash";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeBmp } from "./bmp";
import { blurhashToPlaceholder, resolvePlaceholder } from "./placeholder";

const HASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
afterEach(() => vi.restoreAllMocks());

const bytesOf = (dataUrl: string) =>
  Uint8Array.from(atob(dataUrl.split(",")[1] as string), (c) => c.charCodeAt(0));

describe("blurhashToPlaceholder", () => {
  it("decodes to a 6×6 BMP data URL whose pixels are the BlurHash's colours", () => {
    const { image } = blurhashToPlaceholder(HASH);
    expect(image).toMatch(/^data:image\/bmp;base64,/);
    const bytes = bytesOf(image as string);
    const expected = decode(HASH, 6, 6);
    expect(bytes.length).toBe(54 + 6 * 20); // rows of 18 bytes padded to 20
    for (const [i, at] of [0, 17, 35].entries()) {
      const offset = 54 + Math.floor(at / 6) * 20 + (at % 6) * 3;
      expect([bytes[offset + 2], bytes[offset + 1], bytes[offset]], `pixel ${i}`).toEqual([
        expected[at * 4],
        expected[at * 4 + 1],
        expected[at * 4 + 2],
      ]);
    }
    expect((image as string).length).toBeLessThan(1024);
  });

  it("writes byte for byte the BMP that encodeBmp makes of the package's decoded pixels", () => {
    // Hashes of 1×1 up to 9×9 components from gradients, so every header and pixel byte position varies.
    for (let n = 1; n <= 9; n++) {
      const pixels = new Uint8ClampedArray(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37 * n) % 256));
      const hash = encode(pixels, 8, 8, n, 10 - n);
      const { image } = blurhashToPlaceholder(hash);
      expect([...bytesOf(image as string)], hash).toEqual([...encodeBmp(decode(hash, 6, 6), 6, 6)]);
    }
  });

  it("gives the image's average colour (the hash's DC component) as a fallback", () => {
    // A flat colour encodes to a hash whose average is that colour; any hash's average is close to its pixels' mean.
    const flat = new Uint8ClampedArray(8 * 8 * 4).map((_, i) => [0x33, 0x66, 0x99, 255][i % 4] as number);
    expect(blurhashToPlaceholder(encode(flat, 8, 8, 4, 3)).color).toBe("#336699");
    const pixels = decode(HASH, 6, 6);
    const { color } = blurhashToPlaceholder(HASH);
    expect(color).toMatch(/^#[0-9a-f]{6}$/);
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let i = c; i < pixels.length; i += 4) sum += pixels[i] as number;
      expect(
        Math.abs(Number.parseInt((color as string).slice(1 + 2 * c, 3 + 2 * c), 16) - sum / 36),
      ).toBeLessThan(8);
    }
  });

  it("memoises per hash", () => {
    expect(blurhashToPlaceholder(HASH)).toBe(blurhashToPlaceholder(HASH));
  });

  it.each([
    ["too short", "LEHV6"],
    ["wrong length", "LEHV6nWB2yk8pyo0adR*.7kCMdn"],
    ["characters outside base 83", "LEHV6nWB2yk8pyo0adR*.7kCMdn!"],
  ])("returns no placeholder and warns for a hash that is %s", (_, hash) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(blurhashToPlaceholder(hash)).toEqual({});
    expect(String(warn.mock.calls[0]?.[0])).toContain("Invalid BlurHash");
  });
});

describe("resolvePlaceholder", () => {
  it("lets an explicit placeholder win over the blurhash", () => {
    expect(resolvePlaceholder("none", HASH)).toEqual({});
    expect(resolvePlaceholder("#336699", HASH)).toEqual({ color: "#336699" });
    expect(resolvePlaceholder("rgb(10 20 30 / 50%)")).toEqual({ color: "rgb(10 20 30 / 50%)" });
    expect(resolvePlaceholder("data:image/png;base64,AAAA")).toEqual({ image: "data:image/png;base64,AAAA" });
    expect(resolvePlaceholder(undefined, HASH).image).toMatch(/^data:image\/bmp/);
    expect(resolvePlaceholder()).toEqual({});
  });

  it("ignores (and warns about) a value that could inject CSS", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(resolvePlaceholder("red; background-image: url(https://evil.example/x)")).toEqual({});
    expect(warn).toHaveBeenCalledOnce();
  });
});
