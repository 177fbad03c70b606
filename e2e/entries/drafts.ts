import {
  type DraftClaim,
  DraftStoreError,
  indexedDbDraftStore,
  Uploader,
  type UploaderSnapshot,
} from "@darkroom/core";

/** A draft as the test sees it: its bytes as a SHA-256, so they can be compared across reloads and with Node. */
export interface SeenDraft {
  key: string;
  name: string;
  size: number;
  sha256: string;
}

/** What `e2e/drafts.test.ts` calls on `window.drafts`. */
export interface DraftsPage {
  /** Stores a draft of `bytes` (or of `size` random bytes); resolves with the bytes' SHA-256, or the error kind. */
  put(
    key: string,
    content: number[] | number,
    options?: { user?: string; createdAt?: number; expiresAt?: number },
  ): Promise<{ sha256: string } | { error: string }>;
  list(user: string, now?: number): Promise<SeenDraft[]>;
  /** Claims `key`; whether this page got it. The claim is held until `release(key)` or the page closes. */
  claim(key: string): Promise<boolean>;
  release(key: string): void;
  /** Starts an `Uploader` posting to `/api/upload`, keeping drafts of user `u1` in IndexedDB. */
  startUploader(): void;
  add(bytes: number[], name: string): void;
  snapshot(): UploaderSnapshot;
  loadDrafts(): Promise<void>;
  restoreDrafts(): Promise<void>;
}

declare global {
  interface Window {
    drafts: DraftsPage;
  }
}

const store = indexedDbDraftStore();
const claims = new Map<string, DraftClaim>();
let uploader: Uploader | undefined;

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
  return bytes;
}

const need = (): Uploader => {
  if (!uploader) throw new Error("call startUploader() first");
  return uploader;
};

window.drafts = {
  async put(key, content, options = {}) {
    const bytes = typeof content === "number" ? randomBytes(content) : new Uint8Array(content);
    const file = new Blob([bytes], { type: "image/png" });
    const createdAt = options.createdAt ?? Date.now();
    try {
      await store.put({
        key,
        user: options.user ?? "u1",
        file,
        name: `${key}.png`,
        type: file.type,
        size: file.size,
        createdAt,
        expiresAt: options.expiresAt ?? createdAt + 3_600_000,
      });
      return { sha256: await sha256(file) };
    } catch (error) {
      return { error: error instanceof DraftStoreError ? error.kind : `not a DraftStoreError: ${error}` };
    }
  },
  async list(user, now = Date.now()) {
    const drafts = await store.list(user, now);
    return Promise.all(
      drafts.map(async (d) => ({ key: d.key, name: d.name, size: d.size, sha256: await sha256(d.file) })),
    );
  },
  async claim(key) {
    const claim = await store.claim(key);
    if (claim) claims.set(key, claim);
    return claim !== undefined;
  },
  release(key) {
    claims.get(key)?.release();
    claims.delete(key);
  },
  startUploader() {
    uploader = new Uploader({
      endpoint: "/api/upload",
      drafts: store,
      user: "u1",
      // Fail at the first broken transfer, so the test does not wait for backoff.
      retry: { attempts: 1 },
    });
  },
  add(bytes, name) {
    need().add([new File([new Uint8Array(bytes)], name, { type: "image/png" })]);
  },
  snapshot: () => need().getSnapshot(),
  loadDrafts: () => need().loadDrafts(),
  restoreDrafts: () => need().restoreDrafts(),
};
