import { CircuitBreaker } from "./breaker";
import { Subscribable } from "./subscribable";
import { browserOnlineSignal, type OnlineSignal } from "./upload-online";
import { runUpload } from "./upload-pipeline";
import type { UploaderOptions, UploaderSnapshot } from "./upload-queue-types";
import { UploadStepError } from "./upload-steps";
import { type TaskHost, type UploadFile, UploadTask } from "./upload-task";

/**
 * A framework-free upload queue: each file is validated, given a one-time URL by the app endpoint, sent straight to
 * Cloudflare and optionally confirmed, at most `concurrency` at a time. Transient failures are retried with backoff,
 * an expired URL is replaced once without asking, provisioning sits behind a circuit breaker, and the queue waits
 * while the browser is offline. Read it with `getSnapshot()` and `subscribe()` (`useSyncExternalStore`).
 */
export class Uploader extends Subscribable {
  #options: UploaderOptions;
  #tasks: UploadTask[] = [];
  #snapshot: UploaderSnapshot | undefined;
  #breaker: CircuitBreaker;
  #signal: OnlineSignal;
  #online: boolean;
  #unwatch: () => void;
  /** Resolves when the browser is back online; replaced each time it goes offline. */
  #back: { promise: Promise<void>; resolve: () => void } | undefined;
  #count = 0;
  readonly #host: TaskHost = {
    options: () => this.#options,
    breaker: () => this.#breaker,
    now: () => this.#now(),
    isOnline: () => this.#online,
    whenOnline: () => this.#back?.promise ?? Promise.resolve(),
    changed: () => this.#changed(),
    serviceBack: () => {
      // Files held back by the open breaker need not wait for a click once the service answers again.
      for (const task of this.#tasks) if (task.shownFailure?.kind === "unavailable") task.retry();
      this.#pump();
    },
  };

  constructor(options: UploaderOptions) {
    super();
    this.getSnapshot = this.getSnapshot.bind(this);
    this.#options = options;
    this.#breaker = this.#createBreaker();
    this.#signal = options.online ?? browserOnlineSignal();
    this.#online = true;
    this.#unwatch = this.#watch();
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): UploaderSnapshot {
    if (this.#snapshot) return this.#snapshot;
    const files = this.#tasks.map((task) => task.snapshot());
    this.#snapshot = {
      files,
      online: this.#online,
      inFlight: this.#tasks.filter((task) => task.isActive()).length,
      bytesUploaded: files.reduce((sum, f) => sum + f.bytesUploaded, 0),
      bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
    };
    return this.#snapshot;
  }

  /** Changes settings; files already sending keep their URL, later steps use the new settings. */
  setOptions(options: Partial<UploaderOptions>): void {
    this.#options = { ...this.#options, ...options };
    if ("breaker" in options || "now" in options || "endpoint" in options)
      this.#breaker = this.#createBreaker();
    if (options.online && options.online !== this.#signal) {
      this.#unwatch();
      this.#signal = options.online;
      this.#unwatch = this.#watch();
    }
    this.#pump();
  }

  /** Queues files and starts as many as the concurrency allows; returns their ids. */
  add(files: Iterable<UploadFile>): string[] {
    const added = [...files].map(
      (file) => new UploadTask(`${this.#now().toString(36)}-${++this.#count}`, file, this.#host),
    );
    this.#tasks = [...this.#tasks, ...added];
    this.#changed();
    this.#pump();
    return added.map((task) => task.id);
  }

  /** Stops a file that is queued or in flight: its request is aborted and it fails as `cancelled`. */
  cancel(id: string): void {
    if (this.#find(id)?.cancel()) this.#pump();
  }

  /** Queues a failed file again when its failure is retryable; a sent file that failed to confirm only re-confirms. */
  retry(id: string): void {
    if (this.#find(id)?.retry()) this.#pump();
  }

  /** Retries every failed file whose failure is retryable. */
  retryAll(): void {
    for (const task of this.#tasks) task.retry();
    this.#pump();
  }

  /** Forgets a file, aborting it first if it is in flight. */
  remove(id: string): void {
    const task = this.#find(id);
    if (!task) return;
    task.abort();
    this.#tasks = this.#tasks.filter((t) => t !== task);
    this.#changed();
    this.#pump();
  }

  /** Aborts every file and stops listening to the online signal. */
  destroy(): void {
    this.#unwatch();
    for (const task of this.#tasks) task.abort();
  }

  #find(id: string): UploadTask | undefined {
    return this.#tasks.find((t) => t.id === id);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #createBreaker(): CircuitBreaker {
    return new CircuitBreaker(this.#options.endpoint, {
      ...this.#options.breaker,
      now: () => this.#now(),
      // Only an unreachable or failing service counts; a 4xx answer (signed out, bad body) means it works.
      isFailure: (error) => error instanceof UploadStepError && error.failure.retryable,
    });
  }

  #watch(): () => void {
    const unwatch = this.#signal.subscribe((online) => this.#setOnline(online));
    this.#setOnline(this.#signal.isOnline());
    return unwatch;
  }

  #changed(): void {
    this.#snapshot = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  #setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (!online) {
      let resolve = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#back = { promise, resolve };
    }
    for (const task of this.#tasks) {
      if (task.status !== "queued") continue;
      task.patch({ failure: online ? undefined : task.failure({ kind: "offline", retryable: true }) });
    }
    this.#changed();
    if (online) {
      this.#back?.resolve();
      this.#back = undefined;
      this.#pump();
    }
  }

  #pump(): void {
    if (!this.#online) return;
    const limit = Math.max(1, this.#options.concurrency ?? 3);
    let inFlight = this.#tasks.filter((task) => task.isActive()).length;
    for (const task of this.#tasks) {
      if (inFlight >= limit) break;
      if (task.status !== "queued") continue;
      inFlight++;
      void runUpload(task).then(() => this.#pump());
    }
  }
}
