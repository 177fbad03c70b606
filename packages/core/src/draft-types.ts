/**
 * A file kept in the browser so a failed upload can be retried after a reload, a crash or in another tab, without
 * choosing the file again. It holds the bytes that are sent (after any downscaling) and the metadata sent with them.
 */
export interface UploadDraft {
  /** Persistent key: the same for every attempt, sent to the endpoint as `draftKey` so it can upload only once. */
  key: string;
  /** Whose draft it is (`UploaderOptions.user`), so a shared browser does not offer one person's files to another. */
  user: string;
  /** The bytes to send. */
  file: Blob;
  /** The file name as chosen. */
  name: string;
  /** MIME type of `file`. */
  type: string;
  /** `file.size`, kept so a list can be shown without reading the bytes. */
  size: number;
  /** The original file's `lastModified`, when it had one. */
  lastModified?: number | undefined;
  /** The metadata sent to the endpoint (the app's plus `width`, `height`, `blurhash` from `preprocess`). */
  metadata?: Record<string, unknown> | undefined;
  /** Unix ms when it was saved. */
  createdAt: number;
  /** Unix ms after which it is purged instead of offered. */
  expiresAt: number;
}

/** An exclusive hold on one draft, so two tabs never send the same draft at once. */
export interface DraftClaim {
  /** Lets another tab claim the draft. Calling it twice is harmless. */
  release(): void;
}

/**
 * Where drafts live. `indexedDbDraftStore` in browsers, `memoryDraftStore` in Node and tests; implement it over
 * OPFS or anything else that can hold a `Blob`.
 */
export interface DraftStore {
  /** Saves or replaces the draft with `draft.key`. Rejects with a {@link DraftStoreError}. */
  put(draft: UploadDraft): Promise<void>;
  /**
   * The unexpired drafts of `user` that no tab has claimed, oldest first. Drafts expired at `now` (unix ms) are
   * deleted on the way.
   */
  list(user: string, now: number): Promise<UploadDraft[]>;
  /** Deletes the draft; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Claims the draft for this tab until `release()`; `undefined` when another tab (or this one) holds it. */
  claim(key: string): Promise<DraftClaim | undefined>;
}

/** Why a draft could not be saved: the storage is full (`quota`), or there is none to use (`unavailable`). */
export type DraftStoreErrorKind = "quota" | "unavailable";

/** A failure of a {@link DraftStore}, by kind, so the message can tell people what they can do about it. */
export class DraftStoreError extends Error {
  readonly kind: DraftStoreErrorKind;

  constructor(kind: DraftStoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DraftStoreError";
    this.kind = kind;
  }
}

/** What a snapshot shows of a draft left by an earlier page or tab (the bytes stay in the store). */
export interface DraftSummary {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly createdAt: number;
  readonly expiresAt: number;
}
