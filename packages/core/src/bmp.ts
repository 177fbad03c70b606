/**
 * Encodes RGBA pixels as a 24-bit BMP (opaque, top-down, no compression). Meant for tiny placeholders: 6×6 is
 * 174 bytes, and the header is simpler to write than a PNG's (no CRC, no deflate). Every browser decodes BMP, in
 * `<img>` and CSS alike. Pure JS: runs in SSR, React Server Components and Workers.
 */
export function encodeBmp(rgba: ArrayLike<number>, width: number, height: number): Uint8Array {
  const stride = (width * 3 + 3) & ~3;
  const size = 54 + stride * height;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = 66; // "B"
  out[1] = 77; // "M"
  // file size, pixel offset, info header size, width, negative height (top-down rows), planes, bits per pixel
  for (const [at, value] of [
    [2, size],
    [10, 54],
    [14, 40],
    [18, width],
    [22, -height],
    [26, 1 | (24 << 16)],
  ])
    view.setInt32(at as number, value as number, true);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        out[54 + y * stride + x * 3 + c] = rgba[(y * width + x) * 4 + 2 - c] as number;
  return out;
}
