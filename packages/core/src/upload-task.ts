import type { CircuitBreaker } from "./breaker";
import { displayName } from "./filename";
import type { FailureClass } from "./upload-classify";
import { failureMessage, type UploadFailure } from "./upload-failures";
import { ProgressMeter } from "./upload-progress";
import type {
  ProvisionedUpload,
  UploaderOptions,
  UploadFileSnapshot,
  UploadResult,
  UploadStatus,
} from "./upload-queue-types";

/** A file as handed to the uploader: a `Blob`, usually a `File` with its name. */
export type UploadFile = Blob & { name?: string };

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
interface Shown {
  status: UploadStatus;
  loaded: number;
  eta: number | undefined;
  failure: UploadFailure | undefined;
  result: UploadResult | undefined;
}

const ACTIVE: readonly UploadStatus[] = ["validating", "provisioning", "uploading", "confirming"];

/** One file of the queue: what it shows, and what its pipeline (`runUpload`) keeps between attempts. */
export class UploadTask {
  readonly id: string;
  readonly file: UploadFile;
  readonly name: string;
  readonly host: TaskHost;
  readonly meter = new ProgressMeter();
  /** Passed `validateFile`; not checked again on retry. */
  validated = false;
  /** The current one-time upload URL, reused by retries until it expires. */
  upload: ProvisionedUpload | undefined;
  /** Cloudflare's result, kept so a failed `confirm` is retried without sending the file again. */
  sent: UploadResult | undefined;
  #shown: Shown = { status: "queued", loaded: 0, eta: undefined, failure: undefined, result: undefined };
  #controller: AbortController | undefined;
  #view: UploadFileSnapshot | undefined;

  constructor(id: string, file: UploadFile, host: TaskHost) {
    this.id = id;
    this.file = file;
    this.name = displayName(file.name);
    this.host = host;
    if (!host.isOnline()) this.#shown.failure = this.failure({ kind: "offline", retryable: true });
  }

  get status(): UploadStatus {
    return this.#shown.status;
  }

  get shownFailure(): UploadFailure | undefined {
    return this.#shown.failure;
  }

  /** Whether it holds one of the concurrency slots. */
  isActive(): boolean {
    return ACTIVE.includes(this.#shown.status);
  }

  /** What the snapshot shows of this file: the same object until something changes. */
  snapshot(): UploadFileSnapshot {
    if (this.#view) return this.#view;
    const { status, loaded, eta, failure, result } = this.#shown;
    const size = this.file.size;
    const done = status === "done";
    this.#view = {
      id: this.id,
      name: this.name,
      size,
      status,
      progress: done ? 1 : size > 0 ? loaded / size : 0,
      bytesUploaded: done ? size : loaded,
      eta,
      failure,
      result,
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
