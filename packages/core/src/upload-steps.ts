import { classifyFailure, type FailureClass } from "./upload-classify";
import type { UploadRequestBody } from "./upload-protocol";
import type { AlreadyUploaded, ProvisionedUpload, UploadResult } from "./upload-queue-types";
import { TransportError, type UploadTransport } from "./upload-transport";

/** A classified failure of one step, thrown inside the pipeline and turned into an `UploadFailure`. */
export class UploadStepError extends Error {
  readonly failure: FailureClass;

  constructor(failure: FailureClass) {
    super(failure.reason ?? failure.kind);
    this.name = "UploadStepError";
    this.failure = failure;
  }
}

/** What the uploader tells the app endpoint about a file. */
/** What the uploader sends: every field of the protocol's body, the draft key always. */
export type ProvisionBody = UploadRequestBody & {
  filename: string;
  size: number;
  type: string;
  draftKey: string;
};

const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;

/**
 * POSTs `body` as JSON to the app endpoint and returns its `{ id, uploadURL, expiresAt }`, or its
 * `{ id, uploaded: true }` when an image with this `draftKey` is already stored; throws an `UploadStepError`.
 */
export async function provisionUpload(
  fetcher: typeof fetch,
  endpoint: string,
  body: ProvisionBody,
  options: { headers?: Record<string, string> | undefined; signal: AbortSignal; now: number },
): Promise<ProvisionedUpload | AlreadyUploaded> {
  let response: Response;
  try {
    response = await fetcher(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...options.headers },
      body: JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw new UploadStepError({ kind: "cancelled", retryable: true });
    throw new UploadStepError(classifyFailure({ step: "provision", error }, options.now));
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    const retryAfter = response.headers.get("Retry-After");
    throw new UploadStepError(
      classifyFailure({ step: "provision", status: response.status, body: text, retryAfter }, options.now),
    );
  }
  let answer: Record<string, unknown> | null = null;
  try {
    answer = JSON.parse(text);
  } catch {
    // Reported below as an answer without an upload URL.
  }
  if (typeof answer?.id === "string" && answer.uploaded === true) {
    const filename = typeof answer.filename === "string" ? answer.filename : undefined;
    return { id: answer.id, uploaded: true, filename, variants: strings(answer.variants) };
  }
  if (typeof answer?.id !== "string" || typeof answer.uploadURL !== "string") {
    throw new UploadStepError({
      kind: "provision",
      retryable: false,
      reason: "the upload endpoint did not answer with an upload URL",
      status: response.status,
    });
  }
  const expiresAt = typeof answer.expiresAt === "string" ? answer.expiresAt : undefined;
  return { id: answer.id, uploadURL: answer.uploadURL, expiresAt };
}

/** Cloudflare's answer to a direct upload: `{ success, result: { id, filename, variants } }`. */
function parseResult(body: string, fallbackId: string): UploadResult | undefined {
  try {
    const envelope = JSON.parse(body) as { success?: unknown; result?: Record<string, unknown> | null };
    if (envelope.success !== true) return undefined;
    const result = envelope.result ?? {};
    return {
      id: typeof result.id === "string" ? result.id : fallbackId,
      filename: typeof result.filename === "string" ? result.filename : undefined,
      variants: strings(result.variants),
    };
  } catch {
    return undefined;
  }
}

/** Inputs of {@link transferFile}. */
export interface TransferOptions {
  transport: UploadTransport;
  upload: ProvisionedUpload;
  file: Blob;
  signal: AbortSignal;
  /** Aborts the request after this many ms without progress. */
  stallMs: number;
  onProgress: (loaded: number, total: number) => void;
}

/**
 * Sends the file to its upload URL, aborting when no progress arrives for `stallMs`; resolves with Cloudflare's
 * result or throws an `UploadStepError` (`transfer`, `rejected`, `expired` or `cancelled`).
 */
export async function transferFile(options: TransferOptions): Promise<UploadResult> {
  const controller = new AbortController();
  const forward = () => controller.abort();
  options.signal.addEventListener("abort", forward, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, options.stallMs);
  };
  arm();
  try {
    const response = await options.transport.send({
      url: options.upload.uploadURL,
      file: options.file,
      signal: controller.signal,
      onProgress: (loaded, total) => {
        arm();
        options.onProgress(loaded, total);
      },
    });
    const ok = response.status >= 200 && response.status < 300;
    const result = ok ? parseResult(response.body, options.upload.id) : undefined;
    if (result) return result;
    throw new UploadStepError(
      classifyFailure({ step: "transfer", status: response.status, body: response.body }),
    );
  } catch (error) {
    if (error instanceof UploadStepError) throw error;
    if (options.signal.aborted) throw new UploadStepError({ kind: "cancelled", retryable: true });
    const kind = stalled ? "stall" : error instanceof TransportError ? error.kind : "network";
    throw new UploadStepError(classifyFailure({ step: "transfer", error: kind }));
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", forward);
  }
}

/** Waits `ms`; rejects with a `cancelled` `UploadStepError` as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new UploadStepError({ kind: "cancelled", retryable: true });
    if (signal.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
