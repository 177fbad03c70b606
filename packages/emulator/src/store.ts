import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileKey, listKeys, readJson, removeImage, writeAtomic } from "./files";
import type { AccountState, ImageRecord } from "./types";

/**
 * Images (records + original bytes) and account state. Memory-only, or backed by a data directory where every
 * change is written atomically (`images/<key>.json`, `images/<key>.bin`, `account.json`) and read back on start.
 */
export class Store {
  readonly account: AccountState;
  #records = new Map<string, ImageRecord>();
  #bytes = new Map<string, Buffer>();
  #dir: string | undefined;
  #seq = 0;

  private constructor(account: AccountState, dir: string | undefined) {
    this.account = account;
    this.#dir = dir;
  }

  /** Opens a store; with `dir`, loads what a previous run saved (its account wins over `defaults`). */
  static async open(defaults: AccountState, dir?: string): Promise<Store> {
    if (!dir) return new Store(defaults, undefined);
    const saved = await readJson<AccountState>(join(dir, "account.json"));
    const store = new Store(saved ?? defaults, dir);
    const images = join(dir, "images");
    for (const key of await listKeys(images)) {
      const record = await readJson<ImageRecord>(join(images, `${key}.json`));
      if (!record) continue;
      store.#records.set(record.id, record);
      store.#seq = Math.max(store.#seq, record.seq ?? 0);
      if (!record.draft) store.#bytes.set(record.id, await readFile(join(images, `${key}.bin`)));
    }
    if (!saved) await store.saveAccount();
    return store;
  }

  /** The record for `id` (drafts included). */
  get(id: string): ImageRecord | undefined {
    return this.#records.get(id);
  }

  /** The original bytes of an uploaded image. */
  bytes(id: string): Buffer | undefined {
    return this.#bytes.get(id);
  }

  /** Uploaded (non-draft) images, oldest first. */
  list(): ImageRecord[] {
    const all = [...this.#records.values()].filter((r) => !r.draft);
    return all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  /** Saves a record and, for uploads, its bytes (bytes first, so a record never points at missing bytes). */
  async put(record: ImageRecord, bytes?: Buffer): Promise<void> {
    if (record.seq === undefined) record.seq = ++this.#seq;
    if (this.#dir) {
      const base = join(this.#dir, "images", fileKey(record.id));
      if (bytes) await writeAtomic(`${base}.bin`, bytes);
      await writeAtomic(`${base}.json`, JSON.stringify(record));
    }
    this.#records.set(record.id, record);
    if (bytes) this.#bytes.set(record.id, bytes);
  }

  /** Deletes an image or draft. */
  async delete(id: string): Promise<void> {
    if (this.#dir) await removeImage(join(this.#dir, "images"), fileKey(id));
    this.#records.delete(id);
    this.#bytes.delete(id);
  }

  /** Persists the account state (keys, variants, config). */
  async saveAccount(): Promise<void> {
    if (this.#dir) await writeAtomic(join(this.#dir, "account.json"), JSON.stringify(this.account, null, 2));
  }
}
