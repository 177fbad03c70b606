// Page entry for e2e/preprocess.test.ts: runs preprocessImage on images the test server serves under /api/,
// and counts the Workers the page creates and terminates so tests can tell where the decode ran.
import { type PreprocessOptions, preprocessImage } from "@darkroom/core";
import { PreprocessWorker } from "../../packages/core/src/preprocess-worker";

/** What the test reads back: the result, with the returned file described (and measured when it is a copy). */
export interface Outcome {
  width: number;
  height: number;
  blurhash: string | undefined;
  downscaled: boolean;
  sameFile: boolean;
  type: string;
  size: number;
  name: string | undefined;
  /** The returned file's own size in pixels, decoded again here. */
  decoded: [number, number] | undefined;
}

export interface Failure {
  error: string;
  message: string;
}

const workers = { created: 0, terminated: 0 };
const Native = globalThis.Worker;
if (Native) {
  // Counting subclass: everything else about the Worker is the browser's own.
  globalThis.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workers.created++;
    }
    override terminate() {
      workers.terminated++;
      super.terminate();
    }
  };
}

async function load(path: string): Promise<File> {
  const response = await fetch(path);
  const type = response.headers.get("content-type") ?? "";
  return new File([await response.blob()], path.split("/").pop() ?? "image", { type });
}

async function describe(original: File, options: PreprocessOptions): Promise<Outcome> {
  const result = await preprocessImage(original, options);
  let decoded: [number, number] | undefined;
  if (result.downscaled) {
    const bitmap = await createImageBitmap(result.file);
    decoded = [bitmap.width, bitmap.height];
    bitmap.close();
  }
  return {
    width: result.width,
    height: result.height,
    blurhash: result.blurhash,
    downscaled: result.downscaled,
    sameFile: result.file === original,
    type: result.file.type,
    size: result.file.size,
    name: result.file instanceof File ? result.file.name : undefined,
    decoded,
  };
}

const failure = (e: unknown): Failure => ({ error: (e as Error).name, message: (e as Error).message });

Object.assign(window, {
  workers,
  /** Preprocesses the image at `path`; a rejection comes back as `{ error, message }`. */
  preprocess: (path: string, options: Omit<PreprocessOptions, "signal"> = {}) =>
    load(path).then((file) => describe(file, options).catch(failure)),
  /** Starts preprocessing and aborts it `afterMs` later (0: right after the call). */
  preprocessAborted: async (path: string, afterMs: number) => {
    const file = await load(path);
    const controller = new AbortController();
    const started = performance.now();
    const pending = preprocessImage(file, { signal: controller.signal });
    setTimeout(() => controller.abort(), afterMs);
    const settled = await pending.then(() => ({ error: "none", message: "" }), failure);
    return { ...settled, ms: performance.now() - started };
  },
  /** Runs one job on a worker that ends after `idleMs` idle; reports the counts before and after that. */
  idleWorker: async (path: string, idleMs: number) => {
    const worker = new PreprocessWorker(idleMs);
    const file = await load(path);
    const job = { file, components: [4, 3] as [number, number], downscale: undefined };
    const outcomes = [await worker.run(job), await worker.run(job)];
    const busy = { ...workers };
    await new Promise((resolve) => setTimeout(resolve, idleMs + 200));
    return { outcomes: outcomes.map((o) => o.ok), busy, idle: { ...workers } };
  },
  removeWorker: () => {
    delete (globalThis as { Worker?: unknown }).Worker;
  },
  removeOffscreenCanvas: () => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  },
});
