import type { BreakerStore } from "./resilience-types";
import type { RetryOptions } from "./retry";
import type { UploadFailure, UploadFailureMessages } from "./upload-failures";
import type { OnlineSignal } from "./upload-online";
import type { UploadTransport } from "./upload-transport";
import type { ValidateOptions } from "./upload-types";

/**
 * Where a file is in the pipeline: `queued` (waiting for a slot, or for the network) → `validating` →
 * `provisioning` (asking the app for an upload URL) → `uploading` → `confirming` → `done`; or `failed`.
 */
export type UploadStatus =
  | "queued"
  | "validating"
  | "provisioning"
  | "uploading"
  | "confirming"
  | "done"
  | "failed";

/** What the app endpoint answers: the image id and its one-time upload URL (see `createUploadHandler`). */
export interface ProvisionedUpload {
  id: string;
  uploadURL: string;
  /** ISO date after which the URL no longer works. */
  expiresAt?: string | undefined;
}

/** The uploaded image: Cloudflare's `result` (at least the id), and what `confirm` returned. */
export interface UploadResult {
  id: string;
  filename?: string | undefined;
  variants?: readonly string[] | undefined;
  /** What the `confirm` callback resolved to. */
  confirmed?: unknown;
}

/** One file in a snapshot. A new object only when something about this file changed. */
export interface UploadFileSnapshot {
  /** Stable id of this entry, for `cancel`, `retry` and `remove`. */
  readonly id: string;
  /** The file name made safe to show. */
  readonly name: string;
  readonly size: number;
  readonly status: UploadStatus;
  /** Share of the bytes sent, 0–1. */
  readonly progress: number;
  readonly bytesUploaded: number;
  /** Seconds left at the recent speed, while uploading and once known. */
  readonly eta?: number | undefined;
  /**
   * Why it failed (`status: "failed"`); or, while it is still going, what went wrong and when it is tried again
   * (`retryAt`), or that it waits for the network (`offline`).
   */
  readonly failure?: UploadFailure | undefined;
  readonly result?: UploadResult | undefined;
}

/** Everything the uploader shows. A new object only when something changed, for `useSyncExternalStore`. */
export interface UploaderSnapshot {
  readonly files: readonly UploadFileSnapshot[];
  readonly online: boolean;
  /** Files being validated, provisioned, sent or confirmed. */
  readonly inFlight: number;
  readonly bytesUploaded: number;
  readonly bytesTotal: number;
}

/** Settings of the `Uploader`; every one can be changed later with `setOptions`. */
export interface UploaderOptions {
  /** The app endpoint that answers a JSON POST with `{ id, uploadURL, expiresAt }` (see `createUploadHandler`). */
  endpoint: string;
  /** Extra request headers for the endpoint (a CSRF token…). */
  headers?: Record<string, string> | undefined;
  /** Metadata sent with every file, or a function of the file. Checked against Cloudflare's 1024 bytes first. */
  metadata?:
    | Record<string, unknown>
    | ((file: Blob & { name?: string }) => Record<string, unknown>)
    | undefined;
  /** Limits and messages for `validateFile`. */
  validate?: Omit<ValidateOptions, "metadata" | "signal"> | undefined;
  /** Files sent at once. Default 3: more rarely helps one connection and delays every file's first byte. */
  concurrency?: number | undefined;
  /** Seconds without upload progress after which the upload is aborted and retried. Default 30. */
  stallTimeout?: number | undefined;
  /** Automatic retries of transient provision and transfer failures. Default 4 attempts, 0.5–8 s apart. */
  retry?: Omit<RetryOptions, "sleep"> | undefined;
  /** Consecutive provision failures after which provisioning fails fast, and for how long. Default 5, 30 s. */
  breaker?: { threshold?: number; openMs?: number; store?: BreakerStore } | undefined;
  /** Called after the upload, before `done`: save the id in your database. A throw fails the file (retryable). */
  confirm?: ((result: UploadResult, file: Blob) => Promise<unknown>) | undefined;
  /** Replacement failure messages per kind. */
  messages?: Partial<UploadFailureMessages> | undefined;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Default XMLHttpRequest (`xhrTransport`). */
  transport?: UploadTransport | undefined;
  /** Default `navigator.onLine` with the `online`/`offline` events. */
  online?: OnlineSignal | undefined;
  /** Current time in ms. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Uniform random number in [0, 1) for retry jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
}
