import { decode, encode, isBlurhashValid } from "blurhash";
import { describe, expect, it } from "vitest";
import { encodeBlurhash } from "./blurhash-encode";

/** RGBA pixels from `colour(x, y)`, alpha 255. */
function image(width: number, height: number, colour: (x: number, y: number) => number[]) {
  const px = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r = 0, g = 0, b = 0] = colour(x, y);
      px.set([r, g, b, 255], 4 * (x + y * width));
    }
  return px;
}

function noise(width: number, height: number, seed: number) {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  };
  return image(width, height, () => [next(), next(), next()]);
}

function mean(px: Uint8ClampedArray): number[] {
  const sum = [0, 1, 2].map((c) => px.reduce((s, v, i) => (i % 4 === c ? s + v : s), 0));
  return sum.map((v) => v / (px.length / 4));
}

/** Mean absolute difference per channel between two RGBA arrays of the same size (alpha skipped). */
function difference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 < 3) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / ((a.length / 4) * 3);
}

// A warm gradient: every AC factor's largest magnitude is positive, where the package and the reference agree.
const gradient = image(32, 24, (x, y) => [255 - 4 * x, 40 + 8 * y, 30 + 3 * x + 2 * y]);

describe("encodeBlurhash", () => {
  it("matches the blurhash package where both follow the reference algorithm", () => {
    for (const [cx, cy] of [
      [4, 3],
      [1, 1],
      [9, 9],
      [3, 7],
    ] as const)
      expect(encodeBlurhash(gradient, 32, 24, cx, cy)).toBe(encode(gradient, 32, 24, cx, cy));
  });

  it("writes hashes the blurhash package validates and decodes, for every component count", () => {
    const px = noise(17, 11, 3);
    for (let cx = 1; cx <= 9; cx++)
      for (let cy = 1; cy <= 9; cy++) {
        const hash = encodeBlurhash(px, 17, 11, cx, cy);
        expect(hash).toHaveLength(4 + 2 * cx * cy);
        expect(isBlurhashValid(hash)).toEqual({ result: true });
        expect(decode(hash, 4, 4)).toHaveLength(64);
      }
  });

  it("keeps the average colour of the image", () => {
    for (const seed of [1, 2, 3]) {
      const px = noise(24, 16, seed).map((v, i) => (i % 4 === 3 ? 255 : v / 4 + ([150, 40, 90][i % 4] ?? 0)));
      const decoded = decode(encodeBlurhash(px, 24, 16, 4, 3), 24, 16);
      const [a, b] = [mean(px), mean(decoded)];
      // The hash averages in linear light, which reads a little brighter than the sRGB mean of noisy pixels.
      for (let c = 0; c < 3; c++) expect(Math.abs((a[c] ?? 0) - (b[c] ?? 0))).toBeLessThan(6);
    }
  });

  it("decodes back close to a smooth image", () => {
    const hash = encodeBlurhash(gradient, 32, 24, 4, 3);
    expect(difference(decode(hash, 32, 24), gradient)).toBeLessThan(8);
  });

  it("quantises against the largest magnitude, so a dominant negative component is not clipped", () => {
    // Dark left half, light right half on one row: the first horizontal factor is strongly negative.
    const px = image(16, 1, (x) => (x < 8 ? [10, 10, 10] : [250, 250, 250]));
    const ours = difference(decode(encodeBlurhash(px, 16, 1, 2, 1), 16, 1), px);
    const packaged = difference(decode(encode(px, 16, 1, 2, 1), 16, 1), px);
    expect(ours).toBeLessThan(packaged);
  });

  it("encodes a single pixel", () => {
    const hash = encodeBlurhash(new Uint8ClampedArray([200, 100, 50, 255]), 1, 1, 1, 1);
    expect(Array.from(decode(hash, 1, 1))).toEqual([200, 100, 50, 255]);
  });

  it("refuses bad components and a pixel array of the wrong size", () => {
    expect(() => encodeBlurhash(gradient, 32, 24, 0, 3)).toThrow(RangeError);
    expect(() => encodeBlurhash(gradient, 32, 24, 4, 10)).toThrow(RangeError);
    expect(() => encodeBlurhash(gradient, 32, 23, 4, 3)).toThrow(RangeError);
  });

  it("uses nothing outside its own source, so it runs from its text alone", () => {
    const rebuilt = new Function(`return (${encodeBlurhash.toString()})`)() as typeof encodeBlurhash;
    expect(rebuilt(gradient, 32, 24, 4, 3)).toBe(encodeBlurhash(gradient, 32, 24, 4, 3));
  });
});
