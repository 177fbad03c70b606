/**
 * Encodes RGBA pixels (`width × height × 4` bytes, alpha ignored) into a BlurHash of `componentsX × componentsY`
 * cosine components (each 1–9), following the reference algorithm: factors over linear RGB, the DC term as sRGB,
 * the AC terms quantised against their largest magnitude. Throws a `RangeError` for components outside 1–9 or a
 * pixel array of the wrong length.
 *
 * Self-contained on purpose: it uses nothing from outside its own body, because `preprocessImage` ships its
 * source text into a Web Worker made from a Blob URL, where imports do not exist. Keep it that way (no imports,
 * no module-level constants, no named inner functions or arrows, nothing a bundler would lower into helpers).
 *
 * The quantisation range is the largest |AC| as in the C and Swift reference encoders; the `blurhash` npm
 * package takes the largest signed value instead, so its hashes differ when a negative component dominates.
 */
export function encodeBlurhash(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  componentsX: number,
  componentsY: number,
): string {
  const cx = Math.floor(componentsX);
  const cy = Math.floor(componentsY);
  if (!(cx >= 1 && cx <= 9 && cy >= 1 && cy <= 9))
    throw new RangeError("BlurHash needs 1–9 components per axis");
  if (!(width >= 1 && height >= 1) || pixels.length !== width * height * 4)
    throw new RangeError("BlurHash pixels must hold width × height × 4 bytes");
  // A 256-entry table: each pixel channel is converted once per component otherwise.
  const linear = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    linear[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  let maximum = 1;
  // Helpers are object methods: esbuild's keepNames wraps named arrows in a `__name` call the worker lacks.
  const h = {
    base83(value: number, length: number) {
      const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
      let out = "";
      for (let i = 1; i <= length; i++) out += chars[Math.floor(Math.floor(value) / 83 ** (length - i)) % 83];
      return out;
    },
    toSrgb(value: number) {
      const v = Math.max(0, Math.min(1, value));
      return v <= 0.0031308
        ? Math.trunc(v * 12.92 * 255 + 0.5)
        : Math.trunc((1.055 * v ** (1 / 2.4) - 0.055) * 255 + 0.5);
    },
    quantise(value: number) {
      const v = value / maximum;
      const root = (v < 0 ? -1 : 1) * Math.abs(v) ** 0.5;
      return Math.floor(Math.max(0, Math.min(18, Math.floor(root * 9 + 9.5))));
    },
  };

  const factors: number[][] = [];
  for (let j = 0; j < cy; j++)
    for (let i = 0; i < cx; i++) {
      const norm = i === 0 && j === 0 ? 1 : 2;
      const cosX = new Float64Array(width);
      const cosY = new Float64Array(height);
      for (let x = 0; x < width; x++) cosX[x] = Math.cos((Math.PI * i * x) / width);
      for (let y = 0; y < height; y++) cosY[y] = Math.cos((Math.PI * j * y) / height);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let x = 0; x < width; x++)
        for (let y = 0; y < height; y++) {
          const basis = norm * (cosX[x] as number) * (cosY[y] as number);
          const p = 4 * (x + y * width);
          r += basis * (linear[pixels[p] as number] as number);
          g += basis * (linear[pixels[p + 1] as number] as number);
          b += basis * (linear[pixels[p + 2] as number] as number);
        }
      const scale = 1 / (width * height);
      factors.push([r * scale, g * scale, b * scale]);
    }

  const dc = factors[0] as number[];
  const ac = factors.slice(1);
  let hash = h.base83(cx - 1 + (cy - 1) * 9, 1);
  if (ac.length > 0) {
    let largest = 0;
    for (const f of ac) for (const v of f) largest = Math.max(largest, Math.abs(v));
    const quantised = Math.floor(Math.max(0, Math.min(82, Math.floor(largest * 166 - 0.5))));
    maximum = (quantised + 1) / 166;
    hash += h.base83(quantised, 1);
  } else hash += h.base83(0, 1);
  hash += h.base83(
    (h.toSrgb(dc[0] as number) << 16) + (h.toSrgb(dc[1] as number) << 8) + h.toSrgb(dc[2] as number),
    4,
  );
  for (const f of ac)
    hash += h.base83(
      h.quantise(f[0] as number) * 19 * 19 + h.quantise(f[1] as number) * 19 + h.quantise(f[2] as number),
      2,
    );
  return hash;
}
