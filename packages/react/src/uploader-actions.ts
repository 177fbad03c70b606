import type { Uploader, UploaderSnapshot } from "@darkroom/core";
import { defaultUploaderLabels } from "./uploader-labels";

/** What a per-file button does. */
export type FileAction = "cancel" | "retry" | "remove";

/** Whether `action` can do anything for a file in `status` with `retryable` failure. */
function possible(action: FileAction, status: string, retryable: boolean): boolean {
  if (action === "cancel") return status !== "done" && status !== "failed";
  if (action === "retry") return status === "failed" && retryable;
  return true;
}

/**
 * Props of a button that runs `action` on file `id`: its accessible name (`label`, default English) says what and
 * which file ("Retry cat.jpg"), and `hidden` is set when the action cannot apply (a done file cannot be cancelled).
 */
export function fileActionProps(
  uploader: Uploader,
  snapshot: UploaderSnapshot,
  id: string,
  action: FileAction,
  label?: string,
) {
  const file = snapshot.files.find((f) => f.id === id);
  const can = file ? possible(action, file.status, file.failure?.retryable ?? false) : false;
  return {
    type: "button" as const,
    onClick: () => uploader[action](id),
    "aria-label": label ?? `${defaultUploaderLabels[action]} ${file?.name ?? ""}`.trim(),
    hidden: !can,
  };
}
