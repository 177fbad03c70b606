/**
 * One ordered queue of operations per key: an operation starts only once every earlier one on the same key has
 * settled, so each sees the state the previous one left (in memory and on disk). Keys are independent.
 */
export class IdQueue {
  #tails = new Map<string, Promise<void>>();

  /** Whether an operation on `id` is running or waiting now. */
  busy(id: string): boolean {
    return this.#tails.has(id);
  }

  /** Runs `task` in `id`'s turn; its result (or failure) is the caller's, and never blocks the next turn. */
  run<T>(id: string, task: () => Promise<T>): Promise<T> {
    const result = (this.#tails.get(id) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.#tails.set(id, tail);
    // The map holds only ids with work in flight.
    void tail.then(() => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    });
    return result;
  }
}
