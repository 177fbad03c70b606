/** One progress reading: bytes sent so far at a time in ms. */
interface Sample {
  at: number;
  loaded: number;
}

/**
 * Upload speed as a moving average over the last `windowMs` of progress readings, and the time left at that speed.
 * A window smooths the bursts of XHR progress events without lagging far behind a real change of speed.
 */
export class ProgressMeter {
  readonly #windowMs: number;
  #samples: Sample[] = [];

  /** `windowMs`: how much recent history the average covers. Default 5000. */
  constructor(windowMs = 5000) {
    this.#windowMs = windowMs;
  }

  /** Records that `loaded` bytes were sent by time `at` (ms). A lower `loaded` (a restart) forgets the history. */
  record(loaded: number, at: number): void {
    const last = this.#samples[this.#samples.length - 1];
    if (last && loaded < last.loaded) this.#samples = [];
    this.#samples.push({ at, loaded });
    // Keep one sample older than the window so the average always spans the whole window.
    while (this.#samples.length > 2 && at - (this.#samples[1] as Sample).at >= this.#windowMs) {
      this.#samples.shift();
    }
  }

  /** Bytes per second over the window, or `undefined` before two readings at different times. */
  speed(): number | undefined {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at <= first.at) return undefined;
    return ((last.loaded - first.loaded) * 1000) / (last.at - first.at);
  }

  /** Whole seconds left to send `total` bytes at the current speed (rounded up), or `undefined` when unknown. */
  eta(total: number): number | undefined {
    const speed = this.speed();
    const last = this.#samples[this.#samples.length - 1];
    if (!speed || !last) return undefined;
    return Math.ceil(Math.max(0, total - last.loaded) / speed);
  }

  /** Forgets every reading. */
  reset(): void {
    this.#samples = [];
  }
}
