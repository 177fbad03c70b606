import { MAX_METADATA_BYTES } from "./limits";
import type { PreprocessResult } from "./upload-queue-types";
import { UploadStepError } from "./upload-steps";
import type { PreparedFile, UploadTask } from "./upload-task";
import type { FileError, FileErrorCode, ValidateOptions, ValidationResult } from "./upload-types";
import { validateFile } from "./validate-on-demand";
import { warn } from "./warn";

/** The app's metadata for this file (`UploaderOptions.metadata`, an object or a function of the file). */
export function appMetadata(task: UploadTask): Record<string, unknown> | undefined {
  const option = task.host.options().metadata;
  return typeof option === "function" ? option(task.file) : option;
}

/**
 * Validates the file (throwing an `invalid` `UploadStepError` with `validateFile`'s reasons), then runs
 * `preprocess` when set: its size and BlurHash join the metadata, its smaller file replaces the bytes sent.
 */
export async function prepareFile(task: UploadTask, signal: AbortSignal): Promise<PreparedFile> {
  const options = task.host.options();
  const metadata = appMetadata(task);
  const check = (file: Blob) => checkOrSkip(task, file, { ...options.validate, metadata, signal });
  const checked = await check(task.file);
  // With downscaling on, an image that is only too big gets its chance: `preprocess` shrinks it, then it is checked.
  const shrinkable =
    options.downscale === true &&
    options.preprocess !== undefined &&
    checked?.ok === false &&
    checked.errors.every((e) => SHRINKABLE.includes(e.code));
  if (checked?.ok === false && !shrinkable) throw invalid(checked.errors);
  const measured = await preprocess(task, signal);
  if (shrinkable) {
    const again = measured?.file ? await check(measured.file) : checked;
    if (again?.ok === false) throw invalid(again.errors);
  }
  if (!measured) return { file: task.file, metadata };
  const { width, height } = measured;
  const limit = options.validate?.maxMetadataBytes ?? MAX_METADATA_BYTES;
  // The measurements must not push the app's metadata over Cloudflare's limit (the endpoint adds `draftKey`, a
  // UUID, too): the BlurHash goes first, then the size; the app's own fields always stay.
  const fits = (extra: Record<string, unknown>) =>
    jsonBytes({ ...metadata, ...extra, draftKey: task.key }) <= limit;
  const blurhash = measured.blurhash !== undefined && fits({ width, height, blurhash: measured.blurhash });
  const withSize = blurhash || fits({ width, height });
  const extra = blurhash ? { width, height, blurhash: measured.blurhash } : withSize ? { width, height } : {};
  return {
    file: measured.file ?? task.file,
    metadata: { ...metadata, ...extra },
    width,
    height,
    blurhash: measured.blurhash,
  };
}

/**
 * `validateFile`'s answer, or `undefined` when its code could not be loaded: it is imported with the first file, and
 * that fails offline or after a deployment removed the chunk (browsers then remember the failed import until the
 * page reloads). Cloudflare checks every upload too, so the file goes on unchecked rather than fail for a reason that
 * has nothing to do with it, and a refusal comes back as `rejected` with Cloudflare's reason. Cancelling still rejects.
 */
async function checkOrSkip(
  task: UploadTask,
  file: Blob,
  options: ValidateOptions & { signal: AbortSignal },
): Promise<ValidationResult | undefined> {
  try {
    return await validateFile(file, options);
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (process.env.NODE_ENV !== "production")
      warn(
        `The file checks could not be loaded, so ${task.name} is sent unchecked (Cloudflare checks it): ${String(error)}`,
      );
    return undefined;
  }
}

const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** Failures a smaller copy of the same image can cure. */
const SHRINKABLE: readonly FileErrorCode[] = ["file-too-large", "dimensions-too-large", "too-many-pixels"];

function invalid(errors: readonly FileError[]): UploadStepError {
  const reason = errors.map((e) => e.message).join(" ");
  return new UploadStepError({ kind: "invalid", retryable: false, reason });
}

/** `preprocess`'s answer, or `undefined` when there is none or it failed: measuring is a bonus, not a condition. */
async function preprocess(task: UploadTask, signal: AbortSignal): Promise<PreprocessResult | undefined> {
  const run = task.host.options().preprocess;
  if (!run) return undefined;
  try {
    const result = await run(task.file, signal);
    return Number.isFinite(result.width) && Number.isFinite(result.height) ? result : undefined;
  } catch (error) {
    if (signal.aborted) throw new UploadStepError({ kind: "cancelled", retryable: true });
    if (process.env.NODE_ENV !== "production")
      warn(`preprocess failed, so ${task.name} is sent without its size and BlurHash: ${String(error)}`);
    return undefined;
  }
}
