function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = ~0;
  for (let i = start; i < end; i++) {
    c ^= bytes[i] as number;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * Encodes RGBA pixels as an opaque RGB PNG, uncompressed (one stored deflate block). Only for tiny images (sides under 65,536 px, no compression): an 8×8
 * placeholder is 279 bytes. Pure JS, so it runs in SSR, React Server Components and Workers.
 */
export function encodePng(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array {
  const raw = (width * 3 + 1) * height;
  const out = new Uint8Array(57 + raw + 11);
  const view = new DataView(out.buffer);
  let at = 8;
  const chunk = (type: string, data: number[] | Uint8Array) => {
    view.setUint32(at, data.length);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
    out.set(data, at + 8);
    at += 8 + data.length;
    view.setUint32(at, crc32(out, at - data.length - 4, at));
    at += 4;
  };
  // zlib header, a final stored block of `raw` bytes, the pixel rows (filter 0), then the Adler-32 of the rows.
  const z = new Uint8Array(raw + 11);
  z.set([0x78, 1, 1, raw & 255, raw >> 8, ~raw & 255, (~raw >> 8) & 255]);
  let p = 7;
  let a = 1;
  let b = 0;
  for (let i = 0; i < width * height * 4; i++) {
    if (i % (width * 4) === 0) {
      z[p++] = 0;
      b = (b + a) % 65521;
    }
    if (i % 4 === 3) continue;
    a = (a + (z[p++] = rgba[i] as number)) % 65521;
    b = (b + a) % 65521;
  }
  new DataView(z.buffer).setUint32(p, ((b << 16) | a) >>> 0);
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  chunk("IHDR", [0, 0, width >> 8, width & 255, 0, 0, height >> 8, height & 255, 8, 2, 0, 0, 0]);
  chunk("IDAT", z);
  chunk("IEND", []);
  return out;
}

/** Base64 of bytes with `btoa`, which browsers, Node 16+, Deno, Bun and Workers all provide. */
export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
