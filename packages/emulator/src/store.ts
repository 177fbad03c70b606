import { join } from "node:path";
import { digest, removeImageFiles, saveImageFiles, writeAtomic } from "./files";
import { IdQueue } from "./id-queue";
import { type DiskRecord, type Log, recoverDataDir, type StoredImage } from "./recover";
import type { AccountState, ImageRecord } from "./types";

/**
 * What one operation on an image decided, from the state it saw in its turn: its answer, and what to store — a
 * record (with new original bytes for an upload), a removal, or nothing.
 */
export interface Change<T> {
  result: T;
  put?: ImageRecord;
  bytes?: Buffer;
  remove?: true;
}

/**
 * Images (records + original bytes) and account state. Memory-only, or backed by a data directory where every change
 * is written atomically (`images/<sha256(id)>.json` and `.bin`, `account.json`) and read back on start.
 *
 * Every change to an image runs in that id's turn ({@link Store.update}): it reads the current state, decides, writes
 * the disk, then updates memory, before the next operation on the id starts. So concurrent requests on one id are
 * ordered, an answer is sent only once its change is on disk, and memory and data-dir mode answer alike.
 */
export class Store {
  readonly account: AccountState;
  #images = new Map<string, StoredImage>();
  #queue = new IdQueue();
  #dir: string | undefined;
  #seq = 0;

  private constructor(account: AccountState, dir: string | undefined) {
    this.account = account;
    this.#dir = dir;
  }

  /**
   * Opens a store; with `dir`, loads what a previous run saved (its account wins over `defaults`). Damaged files are
   * set aside and reported through `log` rather than stopping the start.
   */
  static async open(defaults: AccountState, dir?: string, log: Log = console.warn): Promise<Store> {
    if (!dir) return new Store(defaults, undefined);
    const found = await recoverDataDir(dir, log);
    const store = new Store(found.account ?? defaults, dir);
    for (const image of found.images) {
      store.#images.set(image.record.id, image);
      store.#seq = Math.max(store.#seq, image.record.seq ?? 0);
    }
    if (!found.account) await store.saveAccount();
    return store;
  }

  /** The record for `id` (drafts included). */
  get(id: string): ImageRecord | undefined {
    return this.#images.get(id)?.record;
  }

  /** The original bytes of an uploaded image. */
  bytes(id: string): Buffer | undefined {
    return this.#images.get(id)?.bytes;
  }

  /** Uploaded (non-draft) images, oldest first. */
  list(): ImageRecord[] {
    const all = [...this.#images.values()].map((i) => i.record).filter((r) => !r.draft);
    return all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  /**
   * Runs one operation on image `id` in its turn: `decide` sees the current record (after every earlier operation
   * on the id has been stored) and returns the answer and the change; an exception stores nothing. The change is
   * written to disk, then to memory, before the answer resolves.
   */
  update<T>(id: string, decide: (current: ImageRecord | undefined) => Change<T>): Promise<T> {
    return this.#queue.run(id, async () => {
      const change = decide(this.#images.get(id)?.record);
      if (change.remove) {
        if (this.#dir) await removeImageFiles(join(this.#dir, "images"), id);
        this.#images.delete(id);
      } else if (change.put) {
        await this.#put(id, change.put, change.bytes);
      }
      return change.result;
    });
  }

  async #put(id: string, record: ImageRecord, bytes: Buffer | undefined): Promise<void> {
    if (record.id !== id) throw new Error(`record ${record.id} stored under ${id}`);
    if (record.seq === undefined) record.seq = ++this.#seq;
    const kept = record.draft ? undefined : this.#images.get(id);
    const image: StoredImage = bytes
      ? { record, bytes, sha256: digest(bytes) }
      : { record, bytes: kept?.bytes, sha256: kept?.sha256 };
    if (this.#dir) {
      const disk: DiskRecord = image.sha256 ? { ...record, bytesSha256: image.sha256 } : record;
      await saveImageFiles(join(this.#dir, "images"), id, JSON.stringify(disk), bytes);
    }
    this.#images.set(id, image);
  }

  /**
   * Persists the account state (keys, variants, config). Writes take turns like an image's operations, and each
   * serialises the state when its turn comes, so the last write on disk always holds the latest state.
   */
  saveAccount(): Promise<void> {
    const dir = this.#dir;
    if (!dir) return Promise.resolve();
    // A key no image id can be (ids never contain a NUL).
    return this.#queue.run("\0account", () =>
      writeAtomic(join(dir, "account.json"), JSON.stringify(this.account, null, 2)),
    );
  }
}
