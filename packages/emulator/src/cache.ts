/** A derived image in the cache. */
export interface Derived {
  body: Buffer;
  contentType: string;
}

/** An LRU cache of derived images bounded by total bytes. */
export class DerivedCache {
  #map = new Map<string, Derived>();
  #bytes = 0;
  readonly maxBytes: number;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  /** The cached entry (marked most recently used), or undefined. */
  get(key: string): Derived | undefined {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    this.#map.delete(key);
    this.#map.set(key, entry);
    return entry;
  }

  /** Stores an entry, evicting least recently used ones past `maxBytes` (entries larger than that are skipped). */
  set(key: string, entry: Derived): void {
    if (entry.body.length > this.maxBytes) return;
    const old = this.#map.get(key);
    if (old) {
      this.#bytes -= old.body.length;
      this.#map.delete(key);
    }
    this.#map.set(key, entry);
    this.#bytes += entry.body.length;
    for (const [k, v] of this.#map) {
      if (this.#bytes <= this.maxBytes) break;
      this.#map.delete(k);
      this.#bytes -= v.body.length;
    }
  }

  /** Total bytes held. */
  get size(): number {
    return this.#bytes;
  }

  /** Number of entries. */
  get count(): number {
    return this.#map.size;
  }
}
