import { CircuitBreaker } from "./breaker";
import { type BroadcastBreakerStore, broadcastBreakerStore } from "./breaker-store";
import type { DraftSummary, UploadDraft } from "./draft-types";
import { Subscribable } from "./subscribable";
import * as shelf from "./upload-draft-shelf";
import { dropDraft, releaseDraft } from "./upload-drafts";
import { browserOnlineSignal, type OnlineSignal } from "./upload-online";
import { runUpload } from "./upload-pipeline";
import { prepareFile } from "./upload-prepare";
import type { UploaderOptions, UploaderSnapshot } from "./upload-queue-types";
import { UploadStepError } from "./upload-steps";
import { type TaskHost, type UploadFile, UploadTask } from "./upload-task";

/**
 * A framework-free upload queue: each file is validated, given a one-time URL by the app endpoint, sent straight to
 * Cloudflare and optionally confirmed, at most `concurrency` at a time. Transient failures are retried with backoff,
 * an expired URL is replaced once without asking, provisioning sits behind a circuit breaker, and the queue waits
 * while the browser is offline. With a `drafts` store each file is kept locally until it is uploaded, so it can be
 * retried after a reload or in another tab (`loadDrafts`, `restoreDrafts`), and is sent with a persistent
 * `draftKey` so the endpoint stores it at most once. Read it with `getSnapshot()` and `subscribe()`
 * (`useSyncExternalStore`).
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
  #destroyed = false;
  /** The default breaker store (over BroadcastChannel), closed with the uploader. */
  #sharedStore: BroadcastBreakerStore | undefined;
  #drafts: readonly DraftSummary[] = [];
  #draftsLoaded = false;
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

  /** Whether `destroy()` was called: React Strict Mode's second mount must then create a new uploader. */
  get destroyed(): boolean {
    return this.#destroyed;
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
      drafts: this.#drafts,
      draftsLoaded: this.#draftsLoaded,
    };
    return this.#snapshot;
  }

  /** Changes settings; files already sending keep their URL, later steps use the new settings. */
  setOptions(options: Partial<UploaderOptions>): void {
    const before = this.#options;
    this.#options = { ...this.#options, ...options };
    // Another user or store: the drafts shown so far are not theirs.
    if (before.user !== this.#options.user || before.drafts !== this.#options.drafts) {
      const reload = this.#draftsLoaded;
      this.#setDrafts([], false);
      if (reload) void this.loadDrafts();
    }
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
    return this.#enqueue([...files].map((file) => new UploadTask(this.#nextId(), file, this.#host)));
  }

  /**
   * Reads the drafts this user left in earlier pages or other tabs into `snapshot.drafts` (expired ones are purged),
   * and sets `draftsLoaded`. Call it once on mount; a store that fails reads as no drafts.
   */
  async loadDrafts(): Promise<void> {
    this.#setDrafts(await shelf.listDrafts(this.#shelf()), true);
  }

  /**
   * Queues drafts again ("Retry all"), or only those with `keys`: each is claimed for this tab, then sent with its
   * stored bytes and metadata under a fresh upload URL, without validation or `preprocess`. Drafts another tab
   * claimed first are skipped and no longer shown.
   */
  async restoreDrafts(keys?: readonly string[]): Promise<void> {
    const { claimed, rest } = await shelf.claimDrafts(this.#shelf(), keys);
    this.#setDrafts(rest, true);
    this.#enqueue(
      claimed.map((c) => new UploadTask(this.#nextId(), shelf.draftFile(c.draft), this.#host, c)),
    );
  }

  /** Deletes drafts, or only those with `keys`, without uploading them; skips drafts another tab is sending. */
  async discardDrafts(keys?: readonly string[]): Promise<void> {
    this.#setDrafts(await shelf.deleteDrafts(this.#shelf(), keys), true);
  }

  /** Stops a file that is queued or in flight: its request is aborted, it fails as `cancelled`, its draft is deleted. */
  cancel(id: string): void {
    const task = this.#find(id);
    if (!task?.cancel()) return;
    void dropDraft(task, false);
    this.#pump();
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

  /** Forgets a file, aborting it first if it is in flight, and deletes its draft. */
  remove(id: string): void {
    const task = this.#find(id);
    if (!task) return;
    task.abort();
    void dropDraft(task, true);
    this.#tasks = this.#tasks.filter((t) => t !== task);
    this.#changed();
    this.#pump();
  }

  /** Aborts every file and stops listening to the online signal; drafts stay stored and other tabs may claim them. */
  destroy(): void {
    this.#destroyed = true;
    this.#unwatch();
    this.#sharedStore?.close();
    for (const task of this.#tasks) {
      task.abort();
      // After any save still under way, so its claim is not taken again once released.
      void task.draftOps.then(() => releaseDraft(task));
    }
  }

  #nextId(): string {
    return `${this.#now().toString(36)}-${++this.#count}`;
  }

  #enqueue(added: UploadTask[]): string[] {
    if (added.length > 0) {
      this.#tasks = [...this.#tasks, ...added];
      this.#changed();
      this.#pump();
    }
    return added.map((task) => task.id);
  }

  #shelf(): shelf.ShelfContext {
    return { options: this.#options, now: this.#now(), queued: new Set(this.#tasks.map((task) => task.key)) };
  }

  #setDrafts(drafts: readonly UploadDraft[], loaded: boolean): void {
    this.#drafts = shelf.summarize(drafts);
    this.#draftsLoaded = loaded;
    this.#changed();
  }

  #find(id: string): UploadTask | undefined {
    return this.#tasks.find((t) => t.id === id);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #createBreaker(): CircuitBreaker {
    // Shared with the other tabs by default, so when the service is down every tab fails fast, not each in turn.
    this.#sharedStore ??= broadcastBreakerStore();
    return new CircuitBreaker(this.#options.endpoint, {
      store: this.#sharedStore,
      ...this.#options.breaker,
      now: () => this.#now(),
      // Only an unreachable or failing service counts; a 4xx answer (signed out, bad body) means it works.
      // Only the service failing counts: a signed-out user or a refused file says nothing about its health.
      isFailure: (error) =>
        error instanceof UploadStepError && error.failure.retryable && error.failure.kind !== "unauthorized",
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
    let ahead = limit;
    for (const task of this.#tasks) {
      if (task.status !== "queued") continue;
      if (inFlight < limit) {
        inFlight++;
        void runUpload(task).then(() => this.#pump());
      } else if (ahead-- > 0) {
        // The next files in line are checked and measured now, so a free slot goes straight to the network.
        task.prepareAhead((signal) => prepareFile(task, signal));
      } else break;
    }
  }
}
