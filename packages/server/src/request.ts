import { retryAfterMs } from "@darkroom/core";
import { CloudflareImagesError, CloudflareNetworkError, isRetryableStatus } from "./errors";
import { checkApiToken, redact, redactCause } from "./redact";
import type { CloudflareApiMessage, FetchLike } from "./types";

/** What one authenticated call to the Cloudflare API needs. */
export interface Transport {
  fetch: FetchLike;
  apiToken: string;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  now: () => number;
}

/** One API call: method, full URL and an optional body. */
export interface ApiRequest {
  method: string;
  url: string;
  body?: FormData | string;
  json?: boolean;
}

/**
 * Sends one request and unwraps the v4 envelope's `result`. Throws `CloudflareNetworkError` when there is no answer
 * and `CloudflareImagesError` (kind `http`) for error answers or `success: false`.
 */
export async function send<T>(transport: Transport, request: ApiRequest): Promise<T> {
  checkApiToken(transport.apiToken);
  const headers: Record<string, string> = { Authorization: `Bearer ${transport.apiToken}` };
  if (request.json) headers["Content-Type"] = "application/json";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(request.url, {
      method: request.method,
      headers,
      body: request.body ?? null,
      signal: controller.signal,
    });
    text = await response.text();
  } catch (cause) {
    const reason = controller.signal.aborted
      ? `timed out after ${transport.timeoutMs} ms`
      : redact(cause instanceof Error ? cause.message : String(cause), transport.apiToken);
    throw new CloudflareNetworkError(
      `Cloudflare Images ${request.method} failed: ${reason}`,
      redactCause(cause, transport.apiToken),
    );
  } finally {
    clearTimeout(timer);
  }
  const envelope = parseEnvelope(text);
  if (response.ok && envelope?.success === true) return envelope.result as T;
  const errors = (envelope?.errors ?? []).map((e) => ({
    code: e.code,
    message: redact(e.message, transport.apiToken),
  }));
  const detail =
    errors.map((e) => `${e.code} ${e.message}`).join("; ") || response.statusText || "no details";
  throw new CloudflareImagesError(
    redact(`Cloudflare Images ${request.method} answered ${response.status}: ${detail}`, transport.apiToken),
    {
      kind: "http",
      status: response.status,
      errors,
      retryable: isRetryableStatus(response.status),
      retryAfter: retryAfterSeconds(response.headers.get("Retry-After"), transport.now()),
    },
  );
}

/** `Retry-After` in seconds from `now`, as `CloudflareImagesError.retryAfter` reports it. */
function retryAfterSeconds(header: string | null, now: number): number | undefined {
  const ms = retryAfterMs(header, now);
  return ms === undefined ? undefined : ms / 1000;
}

interface Envelope {
  success: boolean;
  result: unknown;
  errors: CloudflareApiMessage[];
}

function parseEnvelope(text: string): Envelope | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((e: unknown) => {
        if (typeof e !== "object" || e === null) return [];
        const entry = e as Record<string, unknown>;
        return [{ code: Number(entry.code) || 0, message: String(entry.message ?? "") }];
      })
    : [];
  return { success: record.success === true, result: record.result, errors };
}
