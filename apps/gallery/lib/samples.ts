// A dozen sample photos drawn in code (no files, no licences to doubt): soft landscapes of sky, sun and hills, each
// from its own seed, encoded as PNG with Node's zlib, and their BlurHash computed from the same pixels.
import { deflateSync } from "node:zlib";
import { encode } from "blurhash";

/** One generated sample: its PNG bytes and the metadata the gallery stores with it. */
export interface Sample {
  name: string;
  png: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  blurhash: string;
}

const TITLES = [
  "Harbour at dawn",
  "Meadow haze",
  "Summit ridge",
  "Copper dunes",
  "Glacier lake",
  "Autumn valley",
  "Night ferry",
  "Salt flats",
  "Pine coast",
  "Lavender field",
  "Storm front",
  "Desert moon",
];

/** A small deterministic generator, so every run draws the same twelve pictures. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

type Rgb = [number, number, number];
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** RGBA pixels of sample `index` at `width` × `height`. */
function draw(index: number, width: number, height: number): Uint8ClampedArray {
  const next = random(index * 7919 + 17);
  const hue = (): Rgb => [next() * 255, next() * 255, next() * 255];
  const [skyTop, skyLow, hill, sun] = [hue(), hue(), hue(), mix(hue(), [255, 240, 200], 0.6)];
  const sunX = 0.2 + next() * 0.6;
  const sunY = 0.15 + next() * 0.3;
  const ridge: Rgb = [next() * 6, next() * 6, 0.55 + next() * 0.2];
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let colour = mix(skyTop, skyLow, v);
      const d = Math.hypot(u - sunX, (v - sunY) * (height / width));
      if (d < 0.08) colour = mix(sun, colour, d / 0.08);
      const top = ridge[2] + 0.08 * Math.sin(u * ridge[0] * 3) + 0.05 * Math.sin(u * ridge[1] * 7);
      if (v > top) colour = mix(hill, [20, 24, 30], Math.min(1, (v - top) * 1.6));
      const at = (y * width + x) * 4;
      pixels.set([colour[0], colour[1], colour[2], 255], at);
    }
  }
  return pixels;
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An 8-bit RGB PNG of RGBA `pixels`. */
function png(pixels: Uint8ClampedArray, width: number, height: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      rows.set(pixels.subarray(from, from + 3), y * (1 + width * 3) + 1 + x * 3);
    }
  }
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The twelve samples, 960 × 640 or 640 × 800 (landscape and portrait alternate in the grid). */
export function samples(): Sample[] {
  return TITLES.map((title, index) => {
    const [width, height] = index % 3 === 2 ? [640, 800] : [960, 640];
    // BlurHash from a 32-pixel-wide drawing of the same picture: the same colours, a fraction of the work.
    const small = [32, Math.round((32 * height) / width)] as const;
    return {
      name: title,
      png: png(draw(index, width, height), width, height),
      width,
      height,
      blurhash: encode(draw(index, small[0], small[1]), small[0], small[1], 4, 3),
    };
  });
}
