import type { CircuitBreaker } from "./breaker";
import type { DraftClaim, UploadDraft } from "./draft-types";
import { displayName } from "./filename";
import { randomKey } from "./random-key";
import type { FailureClass } from "./upload-classify";
import { failureMessage, type UploadFailure } from "./upload-failures";
import { ProgressMeter } from "./upload-progress";
import type {
  DraftState,
  ProvisionedUpload,
  UploaderOptions,
  UploadFileSnapshot,
  UploadResult,
  UploadStatus,
} from "./upload-queue-types";

/** A file as handed to the uploader: a `Blob`, usually a `File` with its name. */
export type UploadFile = Blob & { name?: string };

/** The bytes and metadata to send, fixed once validation and `preprocess` ran (or read back from a draft). */
export interface PreparedFile {
  file: Blob;
  metadata: Record<string, unknown> | undefined;
  width?: number | undefined;
  height?: number | undefined;
  blurhash?: string | undefined;
}

/** What a task needs from the uploader that holds it. */
export interface TaskHost {
  options(): UploaderOptions;
  breaker(): CircuitBreaker;
  now(): number;
  isOnline(): boolean;
  /** Resolves when the browser is online again. */
  whenOnline(): Promise<void>;
  /** Something shown changed. */
  changed(): void;
  /** A provision succeeded, so the service is reachable again. */
  serviceBack(): void;
}

/** The fields a snapshot shows. */
export interface Shown {
  status: UploadStatus;
  loaded: number;
  eta: number | undefined;
  failure: UploadFailure | undefined;
  result: UploadResult | undefined;
  draft: DraftState;
  draftError: string | undefined;
}

const ACTIVE: readonly UploadStatus[] = ["validating", "provisioning", "uploading", "confirming"];

/** One file of the queue: what it shows, and what its pipeline (`runUpload`) keeps between attempts. */
export class UploadTask {
  readonly id: string;
  readonly file: UploadFile;
  readonly name: string;
  readonly host: TaskHost;
  readonly meter = new ProgressMeter();
  /** Persistent key of this file's draft, sent as `draftKey` on every attempt so it is stored at most once. */
  readonly key: string;
  /** Provision requests sent for this draft, by this page or (restored drafts) an earlier one. */
  provisionRequests = 0;
  /** Validated and preprocessed (or restored from a draft); not done again on retry. */
  prepared: PreparedFile | undefined;
  /** This tab's hold on the draft, kept while the file is shown. */
  claim: DraftClaim | undefined;
  /** Draft store calls of this file, in order, so a delete never overtakes the put it undoes. */
  draftOps: Promise<void> = Promise.resolve();
  /** Validation started ahead of its slot (`prepareAhead`), awaited by `runUpload`. */
  preparing: Promise<PreparedFile> | undefined;
  #ahead: AbortController | undefined;
  /** Pending deferred save (`scheduleDraft`). */
  draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current one-time upload URL, reused by retries until it expires. */
  upload: ProvisionedUpload | undefined;
  /** Cloudflare's result, kept so a failed `confirm` is retried without sending the file again. */
  sent: UploadResult | undefined;
  #shown: Shown = {
    status: "queued",
    loaded: 0,
    eta: undefined,
    failure: undefined,
    result: undefined,
    draft: "unsaved",
    draftError: undefined,
  };
  #controller: AbortController | undefined;
  #view: UploadFileSnapshot | undefined;

  /** A new file; or, with `restored`, a draft read back from the store, which is neither validated nor saved again. */
  constructor(
    id: string,
    file: UploadFile,
    host: TaskHost,
    restored?: { draft: UploadDraft; claim: DraftClaim },
  ) {
    this.id = id;
    this.file = file;
    this.name = displayName(file.name);
    this.host = host;
    this.key = restored?.draft.key ?? randomKey();
    // A restored draft was provisioned by an earlier page: its first request here is already a retry.
    if (restored) this.provisionRequests = 1;
    if (restored) {
      const { metadata } = restored.draft;
      const number = (key: string) => (typeof metadata?.[key] === "number" ? metadata[key] : undefined);
      const blurhash = metadata?.blurhash;
      this.prepared = {
        file,
        metadata,
        width: number("width"),
        height: number("height"),
        blurhash: typeof blurhash === "string" ? blurhash : undefined,
      };
      this.claim = restored.claim;
      this.#shown.draft = "saved";
    }
    if (!host.isOnline()) this.#shown.failure = this.failure({ kind: "offline", retryable: true });
  }

  get status(): UploadStatus {
    return this.#shown.status;
  }

  get shownFailure(): UploadFailure | undefined {
    return this.#shown.failure;
  }

  get draft(): DraftState {
    return this.#shown.draft;
  }

  /** Whether it holds one of the concurrency slots. */
  isActive(): boolean {
    return ACTIVE.includes(this.#shown.status);
  }

  /** What the snapshot shows of this file: the same object until something changes. */
  snapshot(): UploadFileSnapshot {
    if (this.#view) return this.#view;
    const { status, loaded, eta, failure, result, draft, draftError } = this.#shown;
    const size = this.file.size;
    const done = status === "done";
    this.#view = {
      id: this.id,
      name: this.name,
      file: this.file,
      size,
      status,
      progress: done ? 1 : size > 0 ? loaded / size : 0,
      bytesUploaded: done ? size : loaded,
      eta,
      failure,
      result,
      draft,
      draftError,
    };
    return this.#view;
  }

  /** Changes what is shown; tells the host only when a value really changed. */
  patch(patch: Partial<Shown>): void {
    const shown = this.#shown as unknown as Record<string, unknown>;
    const changed = Object.entries(patch).filter(([key, value]) => shown[key] !== value);
    if (changed.length === 0) return;
    this.#shown = { ...this.#shown, ...patch };
    this.#view = undefined;
    this.host.changed();
  }

  /** Builds the failure shown for `failure`, with the seconds left until `retryAt` when given. */
  failure(failure: FailureClass, retryAt?: number): UploadFailure {
    const seconds =
      retryAt === undefined ? undefined : Math.max(1, Math.ceil((retryAt - this.host.now()) / 1000));
    const context = { name: this.name, reason: failure.reason, seconds, status: failure.status };
    return {
      kind: failure.kind,
      message: failureMessage(failure.kind, context, this.host.options().messages),
      retryable: failure.retryable,
      retryAt,
      status: failure.status,
    };
  }

  /** A new signal for one run of the pipeline; `owns` tells whether a signal is still the current run's. */
  begin(): AbortSignal {
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  /** Whether `signal` belongs to the current run (not one that was cancelled, removed or replaced). */
  owns(signal: AbortSignal): boolean {
    return this.#controller?.signal === signal;
  }

  /** Ends a run: `signal`'s run no longer changes what is shown. */
  end(signal: AbortSignal): void {
    if (this.owns(signal)) this.#controller = undefined;
  }

  /** Aborts the current run, if any, and detaches it. */
  abort(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#ahead?.abort();
    this.#ahead = undefined;
    this.preparing = undefined;
  }

  /**
   * Starts validating (and preprocessing) the file while it still waits for a slot, so that a free slot goes
   * straight to provisioning. `runUpload` then awaits `preparing`; a failure surfaces there, in order.
   */
  prepareAhead(prepare: (signal: AbortSignal) => Promise<PreparedFile>): void {
    if (this.prepared || this.preparing) return;
    this.#ahead = new AbortController();
    this.preparing = prepare(this.#ahead.signal);
    // Handled when `runUpload` awaits it; until then a rejection is not an unhandled one.
    this.preparing.catch(() => undefined);
  }

  /** Stops a queued or running file as `cancelled`. Returns whether it did. */
  cancel(): boolean {
    if (this.status === "done" || this.status === "failed") return false;
    this.abort();
    const failure = this.failure({ kind: "cancelled", retryable: true });
    this.patch({ status: "failed", eta: undefined, failure });
    return true;
  }

  /** Queues a failed file again when its failure is retryable. Returns whether it did. */
  retry(): boolean {
    if (this.status !== "failed" || !this.#shown.failure?.retryable) return false;
    const failure = this.host.isOnline() ? undefined : this.failure({ kind: "offline", retryable: true });
    this.patch({ status: "queued", failure, loaded: this.sent ? this.#shown.loaded : 0, eta: undefined });
    return true;
  }
}
