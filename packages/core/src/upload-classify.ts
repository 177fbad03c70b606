import { retryAfterMs } from "./backoff";
import type { UploadFailureKind } from "./upload-failures";
import type { UploadErrorCode } from "./upload-protocol";

/**
 * What went wrong, as seen at the network edge:
 * - provision `error`: `fetch` to the app endpoint threw (network down, DNS, CORS);
 * - provision `status`: the app endpoint answered with a non-2xx status and `body`;
 * - transfer `error`: the upload to Cloudflare had a network error, was aborted, or stalled;
 * - transfer `status`: Cloudflare answered with `status` and `body` (its JSON envelope).
 */
export type FailureInput =
  | { step: "provision"; error: unknown }
  | { step: "provision"; status: number; body: string; retryAfter?: string | null | undefined }
  | { step: "transfer"; error: "network" | "abort" | "stall" }
  | { step: "transfer"; status: number; body: string };

/** The kind of a failure, whether trying again can help, and the server's wait when it gave one. */
export interface FailureClass {
  kind: UploadFailureKind;
  retryable: boolean;
  retryAfterMs?: number | undefined;
  /** The reason to show: the endpoint's or Cloudflare's message, or what broke. */
  reason?: string | undefined;
  status?: number | undefined;
}

/** Cloudflare Images error codes that refuse the file itself (format, size, dimensions, corrupt data). */
export const REJECTION_CODES: readonly number[] = [5400, 5403, 5413, 5415, 5443, 5455, 5457, 5458, 5559];

/** One entry of Cloudflare's `errors` array. */
interface CloudflareError {
  code: number;
  message: string;
}

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

/** The `errors` of a Cloudflare envelope `{ success, errors: [{ code, message }] }`, or `[]`. */
export function cloudflareErrors(body: string): CloudflareError[] {
  const envelope = parse(body) as { errors?: unknown } | undefined;
  if (!envelope || !Array.isArray(envelope.errors)) return [];
  return envelope.errors.filter(
    (e): e is CloudflareError =>
      typeof e === "object" && e !== null && typeof e.code === "number" && typeof e.message === "string",
  );
}

/** The `{ error: { message, retryAfter } }` answer of the app's upload handler, when the body is one. */
function endpointError(body: string): { code?: UploadErrorCode; message?: string; retryAfter?: number } {
  const error = (parse(body) as { error?: Record<string, unknown> } | undefined)?.error;
  if (typeof error !== "object" || error === null) return {};
  return {
    ...(typeof error.code === "string" ? { code: error.code as UploadErrorCode } : {}),
    ...(typeof error.message === "string" ? { message: error.message } : {}),
    ...(typeof error.retryAfter === "number" ? { retryAfter: error.retryAfter } : {}),
  };
}

const transient = (status: number) => status === 408 || status === 429 || status >= 500;
/** Cloudflare answers an expired or already used one-time URL with 400 / 5400 and says so in the message. */
const SPENT_URL = /expired|already (been )?used/i;

/**
 * Maps a provision or transfer outcome to a failure kind. The endpoint's 401/403 is `unauthorized`. Transient answers (network errors, stalls, 408, 429, 5xx)
 * are retryable; refusals of the file (`REJECTION_CODES`) are `rejected` and never retried; a 4xx on the upload URL
 * otherwise means it expired or was used (`expired`: provision a new one); an abort is `cancelled`.
 */
export function classifyFailure(input: FailureInput, now = Date.now()): FailureClass {
  if (input.step === "provision") {
    if ("error" in input) {
      const reason = input.error instanceof Error ? input.error.message : undefined;
      return { kind: "provision", retryable: true, reason };
    }
    const { code, message, retryAfter } = endpointError(input.body);
    const wait =
      retryAfterMs(input.retryAfter, now) ?? (retryAfter === undefined ? undefined : retryAfter * 1000);
    // A 401/403: the user, not the service, is the problem. Never retried by itself (only `provision` and
    // `transfer` are), but the person may retry once signed in.
    const denied = input.status === 401 || input.status === 403;
    return {
      kind: denied ? "unauthorized" : "provision",
      // `createUploadHandler` answers 502 `upstream_error` when Cloudflare refused the request: trying again won't help.
      retryable: denied || (transient(input.status) && code !== "upstream_error"),
      retryAfterMs: wait,
      reason: message,
      status: input.status,
    };
  }
  if ("error" in input) {
    if (input.error === "abort") return { kind: "cancelled", retryable: true };
    const reason = input.error === "stall" ? "no progress for too long" : "the connection was lost";
    return { kind: "transfer", retryable: true, reason };
  }
  const { status } = input;
  const errors = cloudflareErrors(input.body);
  const spent = errors.find((e) => SPENT_URL.test(e.message));
  const refusal = errors.find((e) => REJECTION_CODES.includes(e.code));
  if (spent || ((status === 401 || status === 403 || status === 404 || status === 410) && !refusal)) {
    return { kind: "expired", retryable: true, reason: spent?.message, status };
  }
  if (refusal) return { kind: "rejected", retryable: false, reason: refusal.message, status };
  if (transient(status)) return { kind: "transfer", retryable: true, reason: errors[0]?.message, status };
  return { kind: "rejected", retryable: false, reason: errors[0]?.message, status };
}
