import type { DraftMessages } from "./draft-messages";
import type { DraftStore, DraftSummary } from "./draft-types";
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

/**
 * What the app endpoint answers instead when an image with this `draftKey` is already stored (an earlier attempt
 * got through but its answer was lost): nothing is sent again, the file goes straight to `confirm` and `done`.
 */
export interface AlreadyUploaded {
  id: string;
  uploaded: true;
  filename?: string | undefined;
  /** Delivery URLs, when the endpoint knows them. */
  variants?: readonly string[] | undefined;
}

/** The uploaded image: Cloudflare's `result` (at least the id), and what `confirm` returned. */
export interface UploadResult {
  id: string;
  filename?: string | undefined;
  variants?: readonly string[] | undefined;
  /** What the `confirm` callback resolved to. */
  confirmed?: unknown;
  /** Pixel width measured by `preprocess` (of the bytes sent), when it ran. */
  width?: number | undefined;
  height?: number | undefined;
  blurhash?: string | undefined;
  /** The metadata sent to the endpoint. */
  meta?: Record<string, unknown> | undefined;
}

/** What `onUploaded` receives once per file: what an app stores to show the image later. */
export interface UploadedImage {
  id: string;
  /** The first Cloudflare variant URL, when the upload answer listed one. */
  url: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  blurhash?: string | undefined;
  /** The metadata sent to the endpoint (the app's, plus `width`, `height` and `blurhash` from `preprocess`). */
  meta: Record<string, unknown>;
  /** The file name made safe to show. */
  name: string;
  /** The id of the queue entry (`UploadFileSnapshot.id`). */
  fileId: string;
}

/** What `preprocess` found out about a file, and optionally smaller bytes to send instead. */
export interface PreprocessResult {
  width: number;
  height: number;
  blurhash?: string | undefined;
  /** Replaces the bytes sent (a downscaled copy). */
  file?: Blob | undefined;
}

/**
 * Whether a local copy of the file is kept for retries after a reload: not (yet, or no store, or no longer
 * needed: `unsaved`), kept (`saved`), or the store refused it (`failed`, see `draftError`).
 */
export type DraftState = "unsaved" | "saved" | "failed";

/** One file in a snapshot. A new object only when something about this file changed. */
export interface UploadFileSnapshot {
  /** Stable id of this entry, for `cancel`, `retry` and `remove`. */
  readonly id: string;
  /** The file name made safe to show. */
  readonly name: string;
  /** The file as added (or the stored bytes of a restored draft), for a preview. */
  readonly file: Blob;
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
  readonly draft: DraftState;
  /** Why no local copy could be kept (`draft: "failed"`): says what that means if the upload fails. */
  readonly draftError?: string | undefined;
}

/** Everything the uploader shows. A new object only when something changed, for `useSyncExternalStore`. */
export interface UploaderSnapshot {
  readonly files: readonly UploadFileSnapshot[];
  readonly online: boolean;
  /** Files being validated, provisioned, sent or confirmed. */
  readonly inFlight: number;
  readonly bytesUploaded: number;
  readonly bytesTotal: number;
  /** Drafts of this user left by an earlier page or another tab, not in this queue (after `loadDrafts`). */
  readonly drafts: readonly DraftSummary[];
  /** Whether `loadDrafts` has finished, so "no drafts" can be told from "not looked yet". */
  readonly draftsLoaded: boolean;
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
  /**
   * Consecutive provision failures after which provisioning fails fast, and for how long. Default 5, 30 s, with the
   * state shared by the browser's tabs (`broadcastBreakerStore`); pass a `store` to keep it elsewhere.
   */
  breaker?: { threshold?: number; openMs?: number; store?: BreakerStore } | undefined;
  /** Called after the upload, before `done`: save the id in your database. A throw fails the file (retryable). */
  confirm?: ((result: UploadResult, file: Blob) => Promise<unknown>) | undefined;
  /** Replacement failure messages per kind. */
  messages?: Partial<UploadFailureMessages> | undefined;
  /**
   * Where files are kept until they are uploaded, so they can be retried after a reload or in another tab
   * (`indexedDbDraftStore()` in browsers). Default none: nothing is kept.
   */
  drafts?: DraftStore | undefined;
  /** Whose drafts these are: drafts are saved and offered per user. Default `""`. */
  user?: string | undefined;
  /**
   * Milliseconds a file must be under way before its draft is written (a failure writes it at once). Default 1000:
   * quicker uploads skip the store entirely; a tab closed within that time leaves no draft.
   */
  draftDelay?: number | undefined;
  /** Seconds a draft is kept before it is purged. Default 3600: long enough to come back, short enough to forget. */
  draftTtl?: number | undefined;
  /** Replacement messages for `draftError`. */
  draftMessages?: Partial<DraftMessages> | undefined;
  /**
   * Runs after validation: measures the image (and may downscale it). `width`, `height` and `blurhash` are added to
   * the metadata sent, a returned `file` is sent instead of the original. A throw does not fail the upload: the file
   * is sent as it is, without them. Default none.
   */
  preprocess?: ((file: Blob, signal: AbortSignal) => Promise<PreprocessResult>) | undefined;
  /**
   * Whether `preprocess` may make images that are only too large (bytes, pixels per side, megapixels) fit: such
   * files are checked again after it instead of being refused. Default `false`.
   */
  downscale?: boolean | undefined;
  /** Called once per file when it is `done`, with what to store to show it. */
  onUploaded?: ((image: UploadedImage) => void) | undefined;
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
