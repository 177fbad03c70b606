import { encodeBlurhash } from "./blurhash-encode";
import { decodeImage } from "./preprocess-decode";
import type { DecodeJob, DecodeOutcome } from "./preprocess-types";

/** The worker could not run a job (it would not start, CSP refused it, or it broke); decode elsewhere. */
export class WorkerUnavailableError extends Error {
  override name = "WorkerUnavailableError";
}

type Reply = { id: number; outcome: DecodeOutcome };

/** The worker's entry point, run from its source text with the decoder and encoder passed in as arguments. */
function workerMain(decode: typeof decodeImage, encode: typeof encodeBlurhash): void {
  const scope = self as unknown as {
    onmessage: (event: MessageEvent<{ id: number; job: DecodeJob }>) => void;
    postMessage: (reply: Reply) => void;
  };
  scope.onmessage = async (event) => {
    const { id, job } = event.data;
    let outcome: DecodeOutcome;
    try {
      outcome = await decode(job, encode);
    } catch (error) {
      outcome = { ok: false, kind: "internal", message: (error as Error)?.message || String(error) };
    }
    scope.postMessage({ id, outcome });
  };
}

let scriptUrl: string | undefined;

/**
 * A Blob URL of the worker's script, made from the functions' source text, so it needs no separate file, works
 * from any bundler, from TypeScript source and from the built ESM and CJS alike. The page's CSP must allow it
 * (`worker-src blob:`); otherwise the worker fails to start and the caller decodes on the main thread.
 */
function workerScript(): string {
  scriptUrl ??= URL.createObjectURL(
    new Blob([`(${workerMain})(${decodeImage}, ${encodeBlurhash});`], {
      type: "text/javascript",
    }),
  );
  return scriptUrl;
}

interface Pending {
  id: number;
  job: DecodeJob;
  resolve: (outcome: DecodeOutcome) => void;
  reject: (reason: unknown) => void;
  done: () => void;
}

/**
 * One reused Web Worker that decodes images one at a time (decoding several 24-megapixel photos at once would
 * hold hundreds of MB) and is terminated after `idleMs` without work. Jobs reject with `WorkerUnavailableError`
 * when the worker cannot run them, and once that happens every later job does too, without trying again.
 */
export class PreprocessWorker {
  private worker: Worker | undefined;
  private broken = false;
  private queue: Pending[] = [];
  private running: Pending | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;

  /** @param idleMs How long the worker may wait for the next job before it is terminated. Default 10 s. */
  constructor(private readonly idleMs = 10_000) {}

  /** Whether this environment can run the worker at all (and it has not failed here before). */
  get available(): boolean {
    return (
      !this.broken &&
      typeof Worker === "function" &&
      typeof OffscreenCanvas === "function" &&
      typeof URL.createObjectURL === "function"
    );
  }

  /** Decodes `job` in the worker. Aborting removes it from the queue or, when it is running, ends the worker. */
  run(job: DecodeJob, signal?: AbortSignal): Promise<DecodeOutcome> {
    return new Promise((resolve, reject) => {
      if (!this.available) return reject(new WorkerUnavailableError("no worker here"));
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const index = this.queue.indexOf(pending);
        if (index >= 0) this.queue.splice(index, 1);
        else if (this.running === pending) {
          // A decode cannot be cancelled from outside; ending the worker frees its CPU and memory at once.
          this.stop();
          this.running = undefined;
        }
        reject(signal?.reason);
        this.pump();
      };
      const pending: Pending = {
        id: this.nextId++,
        job,
        resolve,
        reject,
        done: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Terminates the worker now; the next job starts a new one. */
  stop(): void {
    clearTimeout(this.idle);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) {
      clearTimeout(this.idle);
      if (this.worker) this.idle = setTimeout(() => this.stop(), this.idleMs);
      return;
    }
    clearTimeout(this.idle);
    this.running = next;
    try {
      this.worker ??= this.start();
      this.worker.postMessage({ id: next.id, job: next.job });
    } catch (error) {
      this.fail(error);
    }
  }

  private start(): Worker {
    const worker = new Worker(workerScript(), { name: "darkroom-preprocess" });
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const pending = this.running;
      if (!pending || event.data.id !== pending.id) return;
      const { outcome } = event.data;
      // "internal" means the worker's copy of the code broke (a transpiler helper it lacks, no 2D context):
      // the main thread can still do the job.
      if (!outcome.ok && outcome.kind === "internal") return this.fail(new Error(outcome.message));
      this.running = undefined;
      pending.done();
      pending.resolve(outcome);
      this.pump();
    };
    // A script that fails to load (CSP without `worker-src blob:`) or an uncaught error both end up here.
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || "the worker failed to start"));
    };
    worker.onmessageerror = () => this.fail(new Error("the worker's reply could not be read"));
    return worker;
  }

  /** Marks the worker unusable and hands every waiting job back for the main thread. */
  private fail(cause: unknown): void {
    this.broken = true;
    this.stop();
    const waiting = [...(this.running ? [this.running] : []), ...this.queue];
    this.running = undefined;
    this.queue = [];
    for (const pending of waiting) {
      pending.done();
      pending.reject(new WorkerUnavailableError("the preprocessing worker is unavailable", { cause }));
    }
  }
}
