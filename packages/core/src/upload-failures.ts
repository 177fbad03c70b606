/**
 * Why an upload stopped, one kind per recovery:
 * - `invalid`: the file itself was refused before any request (the reasons from `validateFile`): pick another file.
 * - `provision`: the app endpoint or the image host could not give an upload URL; nothing was uploaded: retry.
 * - `unauthorized`: the app endpoint refused the user (401: not signed in, 403: not allowed), with its reason;
 *   nothing was uploaded and nothing is retried by itself: retry once signed in.
 * - `transfer`: the upload broke on the way; the file is kept: retry without selecting it again.
 * - `rejected`: Cloudflare took the bytes and refused the file, with its reason: pick another file.
 * - `expired`: the one-time upload URL expired or was used; a new one is fetched once, without asking.
 * - `offline`: the browser is offline; uploads wait and resume when it is back.
 * - `cancelled`: stopped on request.
 * - `unavailable`: the image service failed repeatedly, so calls are held back for a while (circuit open).
 */
export type UploadFailureKind =
  | "invalid"
  | "provision"
  | "unauthorized"
  | "transfer"
  | "rejected"
  | "expired"
  | "offline"
  | "cancelled"
  | "unavailable";

/** Everything a failure message may mention. */
export interface UploadFailureContext {
  /** The file name made safe to show (see `displayName`). */
  name: string;
  /** The reason given by whoever refused: `validateFile`'s messages, the endpoint's or Cloudflare's message. */
  reason?: string | undefined;
  /** Whole seconds until the next automatic or allowed attempt, when known. */
  seconds?: number | undefined;
  /** The HTTP status behind the failure, when there was one. */
  status?: number | undefined;
}

/** One message function per kind, for translation or a different tone. */
export type UploadFailureMessages = Record<UploadFailureKind, (context: UploadFailureContext) => string>;

/** A failure shown to people: its kind, a message that says what happened and what to do, and if a retry helps. */
export interface UploadFailure {
  kind: UploadFailureKind;
  message: string;
  /** Whether `retry()` can succeed with the same file. */
  retryable: boolean;
  /** Unix ms of the next automatic attempt, or (for `unavailable`) when a retry is let through again. */
  retryAt?: number | undefined;
  /** The HTTP status behind the failure, when there was one. */
  status?: number | undefined;
}

const inSeconds = (seconds: number | undefined) =>
  seconds === undefined ? "in a moment" : `in ${seconds} second${seconds === 1 ? "" : "s"}`;
const because = (reason: string | undefined) => (reason ? ` (${reason.replace(/\.$/, "")})` : "");

/** The English messages; each says what happened and what to do next. */
export const defaultUploadFailureMessages: UploadFailureMessages = {
  invalid: (c) => c.reason ?? `${c.name} cannot be uploaded. Choose a different file.`,
  provision: (c) =>
    `We couldn't reach the image service, so ${c.name} was not uploaded${because(c.reason)}. Try again${
      c.seconds === undefined ? "" : ` ${inSeconds(c.seconds)}`
    }.`,
  unauthorized: (c) =>
    c.status === 403
      ? `You're not allowed to upload ${c.name}${because(c.reason)}.`
      : `Sign in to upload ${c.name}${because(c.reason)}, then retry.`,
  transfer: (c) =>
    `The upload of ${c.name} was interrupted${because(c.reason)}. Your file is kept: retry without choosing it again.`,
  rejected: (c) =>
    `Cloudflare refused ${c.name}${because(c.reason)}. Choose a different file or export it again.`,
  expired: (c) => `The upload link for ${c.name} expired. Getting a new one…`,
  offline: (c) => `You're offline. ${c.name} will upload when your connection is back.`,
  cancelled: (c) => `The upload of ${c.name} was cancelled. Retry to upload it again.`,
  unavailable: (c) =>
    `The image service is having trouble, so ${c.name} was not sent. Try again ${inSeconds(c.seconds)}.`,
};

/** Builds the message of `kind` with the defaults replaced by `overrides` where given. */
export function failureMessage(
  kind: UploadFailureKind,
  context: UploadFailureContext,
  overrides: Partial<UploadFailureMessages> = {},
): string {
  return (overrides[kind] ?? defaultUploadFailureMessages[kind])(context);
}
