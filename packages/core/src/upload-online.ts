/** Whether the browser is online, and a way to hear when that changes. */
export interface OnlineSignal {
  isOnline(): boolean;
  /** Calls `listener` with the new value on every change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/**
 * `navigator.onLine` and the `online`/`offline` events of `window`. Outside a browser (SSR, Node, workers without
 * these) it is always online. `navigator.onLine` can be true without a working network; it is never false while one
 * works, so it is safe to pause on.
 */
export function browserOnlineSignal(): OnlineSignal {
  const hasWindow = typeof window !== "undefined" && typeof window.addEventListener === "function";
  return {
    isOnline: () => (typeof navigator === "undefined" ? true : navigator.onLine !== false),
    subscribe(listener) {
      if (!hasWindow) return () => undefined;
      const online = () => listener(true);
      const offline = () => listener(false);
      window.addEventListener("online", online);
      window.addEventListener("offline", offline);
      return () => {
        window.removeEventListener("online", online);
        window.removeEventListener("offline", offline);
      };
    },
  };
}

/** An {@link OnlineSignal} set by hand: for tests, or apps that know better (a failed health check). */
export interface ManualOnlineSignal extends OnlineSignal {
  set(online: boolean): void;
}

/** Creates a {@link ManualOnlineSignal} that starts as `online`. */
export function manualOnlineSignal(online = true): ManualOnlineSignal {
  let current = online;
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === current) return;
      current = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}
