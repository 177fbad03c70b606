import type { encodeBlurhash } from "./blurhash-encode";
import type { DecodeJob, DecodeOutcome } from "./preprocess-types";

/**
 * Decodes one image with `createImageBitmap` (EXIF orientation applied), hashes a small resized copy with
 * `encode`, and, when `job.downscale` is set and the image exceeds its limits, encodes a smaller copy that fits.
 * Uses `OffscreenCanvas`, or a `<canvas>` on a main thread without it. Resolves `{ ok: false, kind: "decode" }`
 * when the browser cannot read the image; other failures (no canvas, no 2D context) throw.
 *
 * Self-contained on purpose, like `encodeBlurhash` (which arrives as the `encode` parameter rather than an
 * import): the worker runs this function from its source text. Types are erased, so type imports are fine.
 */
export async function decodeImage(job: DecodeJob, encode: typeof encodeBlurhash): Promise<DecodeOutcome> {
  type Canvas = OffscreenCanvas | HTMLCanvasElement;
  // Helpers are object methods: esbuild's keepNames wraps named arrows in a `__name` call the worker lacks.
  const draw = {
    canvas(width: number, height: number): Canvas {
      if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height);
      const element = document.createElement("canvas");
      element.width = width;
      element.height = height;
      return element;
    },
    context(c: Canvas) {
      // Read back once: keeping the pixels in memory is cheaper than a GPU round trip.
      const ctx = c.getContext("2d", { willReadFrequently: true }) as CanvasRenderingContext2D | null;
      if (!ctx) throw new Error("no 2D canvas context");
      return ctx;
    },
    toBlob(c: Canvas, type: string, quality: number): Promise<Blob | null> {
      if ("convertToBlob" in c) return c.convertToBlob({ type, quality });
      return new Promise((resolve) => c.toBlob(resolve, type, quality));
    },
  };

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(job.file, { imageOrientation: "from-image" });
  } catch (error) {
    return { ok: false, kind: "decode", message: (error as Error)?.message || String(error) };
  }
  try {
    const { width, height } = bitmap;
    // 32 px on the long side: a 4×3 hash cannot show more detail, and hashing costs width × height × components.
    const scale = Math.min(1, 32 / Math.max(width, height));
    const sampleWidth = Math.max(1, Math.round(width * scale));
    const sampleHeight = Math.max(1, Math.round(height * scale));
    // "medium" averages the pixels a sample covers, so noise and fine detail do not skew the colours.
    const sample = await createImageBitmap(bitmap, {
      resizeWidth: sampleWidth,
      resizeHeight: sampleHeight,
      resizeQuality: "medium",
    });
    const ctx = draw.context(draw.canvas(sampleWidth, sampleHeight));
    ctx.drawImage(sample, 0, 0);
    sample.close();
    const pixels = ctx.getImageData(0, 0, sampleWidth, sampleHeight).data;
    let transparent = false;
    for (let i = 3; i < pixels.length && !transparent; i += 4) transparent = (pixels[i] as number) < 255;
    const blurhash = encode(pixels, sampleWidth, sampleHeight, job.components[0], job.components[1]);

    const limits = job.downscale;
    const over =
      limits &&
      (Math.max(width, height) > limits.maxSide ||
        width * height > limits.maxPixels ||
        job.file.size > limits.maxBytes);
    if (!limits || !over) return { ok: true, width, height, blurhash };

    const type = limits.type ?? (transparent ? "image/webp" : "image/jpeg");
    let factor = Math.min(
      1,
      limits.maxSide / Math.max(width, height),
      Math.sqrt(limits.maxPixels / (width * height)),
    );
    // Each try that is still too many bytes shrinks the area by the excess (bytes grow about with area).
    for (let attempt = 0; attempt < 8; attempt++) {
      const w = Math.max(1, Math.floor(width * factor));
      const h = Math.max(1, Math.floor(height * factor));
      const resized =
        w === width && h === height
          ? bitmap
          : await createImageBitmap(bitmap, { resizeWidth: w, resizeHeight: h, resizeQuality: "high" });
      const target = draw.canvas(w, h);
      const out = draw.context(target);
      // JPEG has no alpha: transparent pixels would turn black, white is what most pages show behind them.
      if (type === "image/jpeg") {
        out.fillStyle = "#fff";
        out.fillRect(0, 0, w, h);
      }
      out.drawImage(resized, 0, 0);
      if (resized !== bitmap) resized.close();
      const copy = await draw.toBlob(target, type, limits.quality);
      target.width = 0; // frees the backing store now rather than at garbage collection
      if (!copy) break;
      if (copy.size <= limits.maxBytes) return { ok: true, width: w, height: h, blurhash, copy };
      factor *= Math.min(0.9, Math.sqrt(limits.maxBytes / copy.size) * 0.95);
    }
    return { ok: true, width, height, blurhash };
  } finally {
    bitmap.close();
  }
}
