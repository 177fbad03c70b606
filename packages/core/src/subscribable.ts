/** A listener called after the state of a {@link Subscribable} changed. */
export type Listener = () => void;

/**
 * The base of observable core objects (TanStack Query's `Subscribable`): a set of listeners, `subscribe()` returning
 * its own unsubscribe, and hooks that run when the first listener arrives and the last one leaves, so browser
 * listeners (`online`, `visibilitychange`…) are attached only while someone is watching.
 */
export class Subscribable<TListener extends (...args: never[]) => void = Listener> {
  /** The current listeners, in subscription order. */
  protected listeners = new Set<TListener>();

  constructor() {
    this.subscribe = this.subscribe.bind(this);
  }

  /** Adds `listener`; returns a function that removes it (calling it twice is harmless). */
  subscribe(listener: TListener): () => void {
    this.listeners.add(listener);
    this.onSubscribe();
    return () => {
      if (!this.listeners.delete(listener)) return;
      this.onUnsubscribe();
    };
  }

  /** Whether anyone is listening. */
  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Called after each new subscription. */
  protected onSubscribe(): void {}

  /** Called after each unsubscription. */
  protected onUnsubscribe(): void {}
}
