import type { CloudflareApiMessage } from "./types";

/** What went wrong: an HTTP error answer, no answer at all, or a call refused by the open circuit breaker. */
export type CloudflareImagesErrorKind = "http" | "network" | "circuit-open";

/** Fields of a `CloudflareImagesError` besides its message. */
export interface CloudflareImagesErrorInit {
  kind: CloudflareImagesErrorKind;
  status?: number | undefined;
  errors?: readonly CloudflareApiMessage[];
  retryable: boolean;
  retryAfter?: number | undefined;
  cause?: unknown;
}

/**
 * Any failure of a Cloudflare Images call. Messages and `errors` never contain the API token (it is redacted even
 * when the upstream echoes it back).
 */
export class CloudflareImagesError extends Error {
  /** `"http"` (Cloudflare answered with an error), `"network"` (no answer) or `"circuit-open"`. */
  readonly kind: CloudflareImagesErrorKind;
  /** HTTP status of the answer; `undefined` when there was none. */
  readonly status: number | undefined;
  /** Cloudflare's `errors` entries (`{ code, message }`), e.g. code 5404 "Image not found". */
  readonly errors: readonly CloudflareApiMessage[];
  /** Whether trying again later may succeed (network errors, 5xx, 429). */
  readonly retryable: boolean;
  /** Seconds to wait before trying again, from `Retry-After` (or the breaker); `undefined` when unknown. */
  readonly retryAfter: number | undefined;

  constructor(message: string, init: CloudflareImagesErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "CloudflareImagesError";
    this.kind = init.kind;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.retryable = init.retryable;
    this.retryAfter = init.retryAfter;
  }

  /** The Cloudflare error codes of the answer, e.g. `[5404]`. */
  get codes(): number[] {
    return this.errors.map((e) => e.code);
  }
}

/**
 * Cloudflare could not be reached: DNS, connection reset, TLS, or the request timed out. Always retryable. Its
 * `cause` is a redacted copy of what `fetch` threw: `name`, `message`, `stack`, `code` and the copied `cause` and
 * `errors` chain, with every other property (a request, its headers) dropped, so no part of it holds the token.
 */
export class CloudflareNetworkError extends CloudflareImagesError {
  constructor(message: string, cause?: unknown) {
    super(message, { kind: "network", retryable: true, cause });
    this.name = "CloudflareNetworkError";
  }
}

/** The circuit breaker is open: the call was not sent. Retry after `retryAt` (also `retryAfter` seconds). */
export class CircuitOpenError extends CloudflareImagesError {
  /** Unix time in milliseconds when the breaker lets a trial call through again. */
  readonly retryAt: number;

  constructor(retryAt: number, now: number) {
    const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
    super(`Cloudflare Images circuit breaker is open; retry after ${new Date(retryAt).toISOString()}`, {
      kind: "circuit-open",
      retryable: false,
      retryAfter: seconds,
    });
    this.name = "CircuitOpenError";
    this.retryAt = retryAt;
  }
}

/** Whether an HTTP status is worth retrying: 429 and every 5xx. Other 4xx never are. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
