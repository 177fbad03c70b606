import { memoryBreakerStore } from "./breaker";
import type { BreakerState, BreakerStore } from "./resilience-types";

/** A {@link BreakerStore} that holds a channel open until `close()` is called. */
export interface BroadcastBreakerStore extends BreakerStore {
  /** Stops sending and receiving state; the store keeps working from this tab's memory. */
  close(): void;
}

type Message =
  | { type: "set"; key: string; state: BreakerState }
  | { type: "hello" }
  | { type: "known"; states: [string, BreakerState][] };

const STATUSES: readonly unknown[] = ["closed", "open", "half-open"];

function isState(value: unknown): value is BreakerState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    STATUSES.includes(state.status) && typeof state.failures === "number" && typeof state.until === "number"
  );
}

/**
 * A `BreakerStore` shared by every tab of the origin that opens the same channel `name`, over `BroadcastChannel`:
 * when one tab's breaker opens, the others fail fast too instead of each probing a struggling upstream. A new tab asks
 * the open ones for what they know. Where `BroadcastChannel` is missing it is a plain in-memory store.
 */
export function broadcastBreakerStore(name = "darkroom:breaker"): BroadcastBreakerStore {
  if (typeof BroadcastChannel === "undefined") return { ...memoryBreakerStore(), close: () => undefined };
  const states = new Map<string, BreakerState>();
  const channel = new BroadcastChannel(name);
  const post = (message: Message) => channel.postMessage(message);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data as Partial<Record<string, unknown>> | null;
    if (typeof message !== "object" || message === null) return;
    if (message.type === "set" && typeof message.key === "string" && isState(message.state)) {
      states.set(message.key, { ...message.state });
    } else if (message.type === "hello" && states.size > 0) {
      post({ type: "known", states: [...states] });
    } else if (message.type === "known" && Array.isArray(message.states)) {
      // Only fill gaps: what this tab wrote itself since saying hello is newer than a reply to the hello.
      for (const entry of message.states as unknown[]) {
        if (!Array.isArray(entry)) continue;
        const [key, state] = entry as unknown[];
        if (typeof key === "string" && isState(state) && !states.has(key)) states.set(key, { ...state });
      }
    }
  };
  let open = true;
  post({ type: "hello" });
  return {
    get: async (key) => {
      const state = states.get(key);
      return state && { ...state };
    },
    set: async (key, state) => {
      states.set(key, { ...state });
      if (open) post({ type: "set", key, state: { ...state } });
    },
    close: () => {
      if (!open) return;
      open = false;
      channel.close();
    },
  };
}
