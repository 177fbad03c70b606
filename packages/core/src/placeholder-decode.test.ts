import { decode, encode } from "blurhash";
import { describe, expect, it, vi } from "vitest";
import { encodeBmp } from "./bmp";
import { blurhashToPlaceholder } from "./placeholder";

/** Seeded PRNG (mulberry32): the same hashes every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The BMP bytes of the package's 6×6 pixels, and of the placeholder's data URL. */
const packageBmp = (hash: string) => [...encodeBmp(decode(hash, 6, 6), 6, 6)];
const placeholderBmp = (hash: string) => {
  const { image } = blurhashToPlaceholder(hash);
  return image ? [...Uint8Array.from(atob(image.split(",")[1] as string), (c) => c.charCodeAt(0))] : null;
};

describe("blurhashToPlaceholder decoding", () => {
  it("gives exactly the BMP of the blurhash package's 6×6 pixels, for every component count from 1×1 to 9×9", () => {
    const random = prng(3);
    let compared = 0;
    for (let nx = 1; nx <= 9; nx++)
      for (let ny = 1; ny <= 9; ny++)
        for (let n = 0; n < 4; n++) {
          // Dark, light and saturated images, so both branches of the sRGB curves and the clamping are reached.
          const scale = [64, 256, 512, 256][n] as number;
          const pixels = new Uint8ClampedArray(8 * 8 * 4).map((_, i) =>
            i % 4 === 3 ? 255 : random() * scale,
          );
          const hash = encode(pixels, 8, 8, nx, ny);
          expect(placeholderBmp(hash), hash).toEqual(packageBmp(hash));
          compared++;
        }
    expect(compared).toBe(324);
  });

  it("reads every base 83 digit as the package does", () => {
    // Every digit appears as the maximum-value and AC characters of some hash.
    const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    for (const d of digits) {
      const hash = `L${d}HV6n${d}${d}2yk8pyo0adR*.7kCMdnj`;
      expect(placeholderBmp(hash), hash).toEqual(packageBmp(hash));
    }
  });

  it.each([
    ["empty", ""],
    ["too short", "LEHV6"],
    ["one character too short for its size flag", "LEHV6nWB2yk8pyo0adR*.7kCMdn"],
    ["one character too long", "LEHV6nWB2yk8pyo0adR*.7kCMdnjj"],
    ["a character outside base 83", "LEHV6nWB2yk8pyo0adR*.7kCMdn!"],
    ["a non-ASCII character", "LEHV6nWB2yk8pyo0adR*.7kCMdné"],
    ["a size flag outside 0–80", "~EHV6nWB2yk8pyo0adR*.7kCMdnj"],
  ])("gives no image for a hash that is %s", (_, hash) => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(placeholderBmp(hash)).toBeNull();
  });
});
