import type { UploadStatus } from "@darkroom/core";

/** Every text `<Uploader>` shows besides the failure messages (those come from core's `messages`). */
export interface UploaderLabels {
  /** The drop zone's text, before the "choose" part. */
  drop: string;
  /** The clickable part of the drop zone's text. */
  choose: string;
  /** The drop zone while files are dragged over it. */
  dropActive: string;
  /** The hint under the drop zone (accepted types and size). */
  hint: string;
  /** The drafts banner: how many files an earlier visit left unsent. */
  drafts: (count: number) => string;
  retryAll: string;
  discard: string;
  cancel: string;
  retry: string;
  remove: string;
  /** What each status is called next to a file. */
  status: Record<UploadStatus, string>;
  /** Progress text: bytes sent of the total and, once known, the time left. */
  progress: (sent: string, total: string, eta: string | undefined) => string;
  /** Shown while the browser is offline. */
  offline: string;
  /** Announced (screen readers) when a file is stored. */
  uploaded: (name: string) => string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** English texts. */
export const defaultUploaderLabels: UploaderLabels = {
  drop: "Drop images here, paste them, or ",
  choose: "choose files",
  dropActive: "Drop to upload",
  hint: "JPEG, PNG, GIF, WebP, AVIF or SVG, up to 10 MB and 12,000 px per side.",
  drafts: (n) => `${plural(n, "image was", "images were")} not sent.`,
  retryAll: "Retry all",
  discard: "Discard",
  cancel: "Cancel",
  retry: "Retry",
  remove: "Remove",
  status: {
    queued: "Waiting",
    validating: "Checking",
    provisioning: "Preparing",
    uploading: "Uploading",
    confirming: "Saving",
    done: "Uploaded",
    failed: "Not uploaded",
  },
  progress: (sent, total, eta) => `${sent} of ${total}${eta ? ` · ${eta} left` : ""}`,
  offline: "You're offline. Uploads continue when your connection is back.",
  uploaded: (name) => `${name} uploaded.`,
};

/** `1.4 MB`, `320 KB`, `12 B` (1 KB = 1024 B, as Cloudflare's 10 MB limit counts). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `8 s`, `3 min`, `1 h 5 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
