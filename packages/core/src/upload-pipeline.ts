import { BreakerOpenError } from "./breaker";
import { retryPolicy, withRetry } from "./retry";
import type { FailureClass } from "./upload-classify";
import { dropDraft, keepDraft, scheduleDraft } from "./upload-drafts";
import { prepareFile } from "./upload-prepare";
import type { AlreadyUploaded, ProvisionedUpload, UploadResult } from "./upload-queue-types";
import { abortableSleep, provisionUpload, transferFile, UploadStepError } from "./upload-steps";
import type { PreparedFile, UploadTask } from "./upload-task";
import { xhrTransport } from "./upload-transport";

const cancelled = () => new UploadStepError({ kind: "cancelled", retryable: true });

/**
 * Runs one file through validate (+ preprocess) → save draft → provision → transfer → confirm → done, picking up
 * where a previous run stopped (a prepared file is not checked again, a kept URL is reused, a sent file is only
 * confirmed). Never throws: every failure ends as the task's `failed` status, unless the run was cancelled or removed
 * in the meantime.
 */
export async function runUpload(task: UploadTask): Promise<void> {
  const signal = task.begin();
  // Leave `queued` before the first await, so the next pump does not start this file twice.
  task.patch({
    status: task.sent ? "confirming" : task.prepared ? "provisioning" : "validating",
    failure: undefined,
  });
  try {
    if (!task.prepared) {
      const preparing = task.preparing ?? prepareFile(task, signal);
      // A failed or cancelled preparation is started afresh by the next run (a retry).
      task.preparing = undefined;
      task.prepared = await preparing;
    }
    const prepared = task.prepared;
    // Kept once the upload has taken a while (or fails), never before it starts: a write per file would slow every
    // upload, and most finish before it would matter.
    if (!task.sent) scheduleDraft(task);
    if (!task.owns(signal)) return;
    task.sent ??= await send(task, prepared, signal);
    if (!task.owns(signal)) return;
    task.patch({ status: "confirming", failure: undefined, eta: undefined });
    const confirmed = await confirm(task, task.sent);
    if (!task.owns(signal)) return;
    const { width, height, blurhash, metadata } = prepared;
    const result = { ...task.sent, confirmed, width, height, blurhash, meta: metadata ?? {} };
    task.patch({ status: "done", result, loaded: task.file.size });
    void dropDraft(task, true);
    uploaded(task, result);
  } catch (error) {
    if (!task.owns(signal)) return;
    const failure = toFailure(task, error);
    const failed = { status: "failed", eta: undefined, failure } as const;
    // Cloudflare refused the file itself: a draft would only be offered to fail again. Anything else can be
    // retried, so keep the bytes now, for a retry after a reload too, and show the failure in the same update as
    // the draft's outcome: the message says the file is kept (or why it could not be) only once that is so.
    if (failure.retryable) await keepDraft(task, () => (task.owns(signal) ? failed : undefined));
    else {
      task.patch(failed);
      if (failure.kind === "rejected") void dropDraft(task, false);
    }
  } finally {
    task.end(signal);
  }
}

/** Tells the app, once; its own errors are reported without turning a finished upload into a failed one. */
function uploaded(task: UploadTask, result: UploadResult & { meta: Record<string, unknown> }): void {
  const { onUploaded } = task.host.options();
  try {
    onUploaded?.({
      id: result.id,
      url: result.variants?.[0],
      width: result.width,
      height: result.height,
      blurhash: result.blurhash,
      meta: result.meta,
      name: task.name,
      fileId: task.id,
    });
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

async function confirm(task: UploadTask, sent: UploadResult): Promise<unknown> {
  try {
    return await task.host.options().confirm?.(sent, task.file);
  } catch (error) {
    const reason = `it could not be confirmed: ${error instanceof Error ? error.message : String(error)}`;
    throw new UploadStepError({ kind: "transfer", retryable: true, reason });
  }
}

function toFailure(task: UploadTask, error: unknown) {
  if (error instanceof BreakerOpenError)
    return task.failure({ kind: "unavailable", retryable: true }, error.retryAt);
  if (error instanceof UploadStepError) return task.failure(error.failure);
  const reason = error instanceof Error ? error.message : String(error);
  return task.failure({ kind: "transfer", retryable: true, reason });
}

/**
 * Provisions (again when the URL expired) and transfers until it works, fails for good, or is cancelled. An endpoint
 * that already stored this draft key answers `uploaded: true`: then nothing is sent again.
 */
async function send(task: UploadTask, prepared: PreparedFile, signal: AbortSignal): Promise<UploadResult> {
  const { host } = task;
  let reprovisioned = false;
  for (;;) {
    await whenOnline(task, signal);
    try {
      if (!task.upload || Date.parse(task.upload.expiresAt ?? "") <= host.now()) {
        task.patch({ status: "provisioning" });
        const answer = await provision(task, prepared, signal);
        if (signal.aborted) throw cancelled();
        host.serviceBack();
        if ("uploaded" in answer) {
          task.upload = undefined;
          return { id: answer.id, filename: answer.filename, variants: answer.variants };
        }
        task.upload = answer;
      }
      const upload = task.upload;
      task.patch({ status: "uploading", failure: undefined, loaded: 0, eta: undefined });
      task.meter.reset();
      const options = host.options();
      return await retrying(task, signal, () =>
        transferFile({
          transport: options.transport ?? xhrTransport,
          upload,
          file: prepared.file,
          signal,
          stallMs: (options.stallTimeout ?? 30) * 1000,
          onProgress: (loaded, total) => progress(task, loaded, total),
        }),
      );
    } catch (error) {
      if (!(error instanceof UploadStepError) || signal.aborted) throw error;
      const { kind, retryable, status } = error.failure;
      if (kind === "expired") {
        task.upload = undefined;
        if (reprovisioned) {
          throw new UploadStepError({
            kind: "transfer",
            retryable: true,
            reason: "the new upload link expired too",
            status,
          });
        }
        reprovisioned = true;
        continue;
      }
      // Failures caused by going offline do not use up retries: the file waits for the network instead.
      if (!host.isOnline() && retryable && (kind === "provision" || kind === "transfer")) continue;
      throw error;
    }
  }
}

function provision(
  task: UploadTask,
  prepared: PreparedFile,
  signal: AbortSignal,
): Promise<ProvisionedUpload | AlreadyUploaded> {
  const { host } = task;
  const { file, metadata } = prepared;
  const options = host.options();
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  return retrying(task, signal, () =>
    host.breaker().run(() => {
      // `retry` tells the endpoint this draft may already be stored, so it looks before provisioning (private
      // images have no derived id to collide on); a first attempt skips that look-up.
      const retry = task.provisionRequests++ > 0;
      const body = {
        filename: task.name,
        size: file.size,
        type: file.type,
        metadata,
        draftKey: task.key,
        ...(retry ? { retry } : {}),
      };
      return provisionUpload(fetcher, options.endpoint, body, {
        headers: options.headers,
        signal,
        now: host.now(),
      });
    }),
  );
}

/** Retries transient provision and transfer failures with backoff, showing each failure until the next try. */
function retrying<T>(task: UploadTask, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  const { host } = task;
  const options = host.options();
  let last: FailureClass | undefined;
  const policy = retryPolicy({
    ...options.retry,
    random: options.random ?? options.retry?.random,
    sleep: (ms) => {
      if (last) task.patch({ failure: task.failure(last, host.now() + ms) });
      return abortableSleep(ms, signal);
    },
  });
  const decide = (error: unknown) => {
    if (!(error instanceof UploadStepError) || signal.aborted || !host.isOnline())
      return { retryable: false };
    last = error.failure;
    const transient = last.kind === "provision" || last.kind === "transfer";
    return { retryable: transient && last.retryable, retryAfterMs: last.retryAfterMs };
  };
  return withRetry(policy, decide, attempt);
}

function progress(task: UploadTask, loaded: number, total: number): void {
  const size = task.file.size;
  task.meter.record(loaded, task.host.now());
  const sent = total > 0 ? Math.min(size, Math.round((loaded / total) * size)) : 0;
  task.patch({ loaded: sent, eta: task.meter.eta(total) });
}

async function whenOnline(task: UploadTask, signal: AbortSignal): Promise<void> {
  if (task.host.isOnline()) return;
  task.patch({ failure: task.failure({ kind: "offline", retryable: true }) });
  await new Promise<void>((resolve, reject) => {
    const stop = () => reject(cancelled());
    signal.addEventListener("abort", stop, { once: true });
    void task.host.whenOnline().then(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    });
  });
  task.patch({ failure: undefined });
}
