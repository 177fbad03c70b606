import { badRequest } from "./errors";

/** Where a fault applies: the direct_upload API call, the one-time upload URL, any other API call, delivery. */
export type FaultEndpoint = "direct_upload" | "upload" | "api" | "delivery";

/** What a fault does. */
export type FaultKind =
  | "status"
  | "drop"
  | "delay"
  | "rate_limit"
  | "expire_upload"
  | "reject_content"
  | "lose_response";

/** A fault to inject (see the README's fault table). */
export interface FaultInput {
  endpoint: FaultEndpoint;
  kind: FaultKind;
  /** How many matching requests it hits (default 1). Ignored when `persistent`. */
  times?: number;
  /** Stays until removed or cleared. */
  persistent?: boolean;
  /** Hits a matching request with this probability (0..1, seeded PRNG); default 1. */
  probability?: number;
  /** `status`: the HTTP status (default 500). */
  status?: number;
  /** `status`: the error code (default: 5500 for the API and uploads, 9500 for delivery). */
  code?: number;
  /** `status`: the error message. */
  message?: string;
  /** `delay`: milliseconds to wait before handling the request (default 1000). */
  delayMs?: number;
  /** `rate_limit`: the `Retry-After` value in seconds (default 1). */
  retryAfter?: number;
}

/** An active fault. */
export interface Fault extends FaultInput {
  id: string;
  /** Hits left; null when persistent. */
  remaining: number | null;
}

const ENDPOINTS: FaultEndpoint[] = ["direct_upload", "upload", "api", "delivery"];
const KINDS: FaultKind[] = [
  "status",
  "drop",
  "delay",
  "rate_limit",
  "expire_upload",
  "reject_content",
  "lose_response",
];

/** mulberry32: a small deterministic PRNG, so probability faults replay identically for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault registry of one emulator: add, list, remove and clear faults; the server consumes them. */
export class Faults {
  #list: Fault[] = [];
  #seed: number;
  #random: () => number;
  #next = 1;

  constructor(seed = 1) {
    this.#seed = seed;
    this.#random = prng(seed);
  }

  /** Adds a fault after validating it; throws a 400 / 5400 error for invalid input. */
  add(input: FaultInput): Fault {
    if (!ENDPOINTS.includes(input.endpoint))
      throw badRequest(`endpoint must be one of ${ENDPOINTS.join(", ")}`);
    if (!KINDS.includes(input.kind)) throw badRequest(`kind must be one of ${KINDS.join(", ")}`);
    if ((input.kind === "expire_upload" || input.kind === "reject_content") && input.endpoint !== "upload") {
      throw badRequest(`${input.kind} applies to the upload endpoint only`);
    }
    const times = input.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw badRequest("times must be a positive integer");
    const p = input.probability ?? 1;
    if (!(p >= 0 && p <= 1)) throw badRequest("probability must be between 0 and 1");
    if (input.status !== undefined && !(input.status >= 400 && input.status <= 599)) {
      throw badRequest("status must be 400..599");
    }
    const fault: Fault = { ...input, id: String(this.#next++), remaining: input.persistent ? null : times };
    this.#list.push(fault);
    return { ...fault };
  }

  /** The active faults, oldest first. */
  list(): Fault[] {
    return this.#list.map((f) => ({ ...f }));
  }

  /** Removes one fault; false if there was none with that id. */
  remove(id: string): boolean {
    const before = this.#list.length;
    this.#list = this.#list.filter((f) => f.id !== id);
    return this.#list.length < before;
  }

  /** Removes every fault and restarts the PRNG from the seed (so a scenario replays identically). */
  clear(): void {
    this.#list = [];
    this.#random = prng(this.#seed);
  }

  /** Consumes the first fault that hits a request to `endpoint`, if any. */
  take(endpoint: FaultEndpoint): Fault | undefined {
    for (const fault of this.#list) {
      if (fault.endpoint !== endpoint) continue;
      if (fault.probability !== undefined && this.#random() >= fault.probability) continue;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.remove(fault.id);
      }
      return { ...fault };
    }
    return undefined;
  }
}
