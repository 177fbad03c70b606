import { type DraftClaim, type DraftStore, DraftStoreError, type UploadDraft } from "./draft-types";

/** Options of {@link indexedDbDraftStore}. */
export interface IndexedDbDraftStoreOptions {
  /**
   * Database name, and the prefix of the Web Locks that claim drafts. Default `"darkroom-drafts"`; give each app on
   * one origin its own name if they must not see each other's drafts.
   */
  name?: string | undefined;
}

const STORE = "drafts";

/** Turns what IndexedDB threw into a `DraftStoreError`, keeping the quota case apart because people can fix it. */
function storeError(error: unknown): DraftStoreError {
  if (error instanceof DraftStoreError) return error;
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  return name === "QuotaExceededError"
    ? new DraftStoreError("quota", `The browser's storage is full: ${message}`, { cause: error })
    : new DraftStoreError("unavailable", `IndexedDB failed: ${message}`, { cause: error });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === "undefined") {
      reject(new DraftStoreError("unavailable", "IndexedDB is not available here"));
      return;
    }
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(storeError(request.error));
    // Version 1 is the only version, so an upgrade can only be blocked by a future one in another tab.
    request.onblocked = () =>
      reject(new DraftStoreError("unavailable", "IndexedDB is blocked by another tab"));
  });
}

/** Runs `work` in one transaction; resolves with `work`'s value once the transaction committed. */
function transact<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore, done: (value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let value: T;
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORE, mode);
      work(tx.objectStore(STORE), (v) => {
        value = v;
      });
    } catch (error) {
      reject(storeError(error));
      return;
    }
    tx.oncomplete = () => resolve(value);
    // Quota failures arrive here, as the transaction's error, not on the request.
    tx.onabort = () => reject(storeError(tx.error ?? new Error("the transaction was aborted")));
  });
}

/** Whether this browser has Web Locks (every current one does; some embedded webviews do not). */
const hasLocks = () => typeof navigator !== "undefined" && navigator.locks !== undefined;

/**
 * A {@link DraftStore} in IndexedDB: the `Blob` itself is stored (no base64), in database `name`, object store
 * `drafts`. The database opens on first use, so importing or constructing this during SSR is harmless; where
 * IndexedDB is missing every call rejects with kind `"unavailable"`, and a full disk with kind `"quota"`.
 *
 * Claims are Web Locks (`navigator.locks`), so they are exclusive across the tabs of one origin and end by
 * themselves when a tab closes or crashes; `list` leaves out drafts whose lock is held. Without Web Locks the claim
 * is only exclusive within this tab, and another tab may offer and send the same draft (the endpoint's `draftKey`
 * check still keeps it to one stored image).
 */
export function indexedDbDraftStore(options: IndexedDbDraftStoreOptions = {}): DraftStore {
  const name = options.name ?? "darkroom-drafts";
  const lockName = (key: string) => `darkroom-draft:${name}:${key}`;
  /** Claims of this tab, used when there are no Web Locks. */
  const local = new Set<string>();
  let opened: Promise<IDBDatabase> | undefined;

  const database = (): Promise<IDBDatabase> => {
    opened ??= openDatabase(name).then((db) => {
      // Let a future version upgrade in another tab proceed; the next call opens the database again.
      db.onversionchange = () => {
        db.close();
        opened = undefined;
      };
      return db;
    });
    // A failed open is not remembered: storage may come back (another tab freed space, a permission changed).
    opened.catch(() => {
      opened = undefined;
    });
    return opened;
  };

  const heldKeys = async (): Promise<Set<string>> => {
    if (!hasLocks()) return new Set(local);
    const { held = [] } = await navigator.locks.query();
    const prefix = lockName("");
    return new Set(
      held.flatMap((lock) => (lock.name?.startsWith(prefix) ? [lock.name.slice(prefix.length)] : [])),
    );
  };

  return {
    async put(draft) {
      const db = await database();
      await transact<void>(db, "readwrite", (store) => {
        store.put(draft);
      });
    },

    async list(user, now) {
      const db = await database();
      const all = await transact<UploadDraft[]>(db, "readwrite", (store, done) => {
        const request = store.getAll();
        request.onsuccess = () => {
          const drafts = request.result as UploadDraft[];
          for (const draft of drafts) if (draft.expiresAt <= now) store.delete(draft.key);
          done(drafts.filter((draft) => draft.expiresAt > now));
        };
      });
      const held = await heldKeys();
      return all
        .filter((draft) => draft.user === user && !held.has(draft.key))
        .sort((a, b) => a.createdAt - b.createdAt);
    },

    async delete(key) {
      const db = await database();
      await transact<void>(db, "readwrite", (store) => {
        store.delete(key);
      });
    },

    claim(key) {
      if (!hasLocks()) {
        if (local.has(key)) return Promise.resolve(undefined);
        local.add(key);
        return Promise.resolve({
          release: () => {
            local.delete(key);
          },
        });
      }
      return new Promise<DraftClaim | undefined>((resolve, reject) => {
        navigator.locks
          .request(lockName(key), { ifAvailable: true }, (lock) => {
            if (!lock) return resolve(undefined);
            // The lock is held as long as this promise is pending: until release(), or until the tab goes away.
            return new Promise<void>((release) => resolve({ release: () => release() }));
          })
          .catch((error: unknown) => reject(storeError(error)));
      });
    },
  };
}
