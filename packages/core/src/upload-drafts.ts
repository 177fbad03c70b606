import { draftMessage } from "./draft-messages";
import { DraftStoreError } from "./draft-types";
import type { Shown, UploadTask } from "./upload-task";

/** Runs `op` after the task's earlier store calls, so the store sees them in the order the file went through. */
function inOrder(task: UploadTask, op: () => Promise<void>): Promise<void> {
  task.draftOps = task.draftOps.then(op);
  return task.draftOps;
}

/**
 * Claims the file's draft for this tab and saves it, unless it is saved already or there is no store. Never throws:
 * a failed save only shows as `draft: "failed"` with `draftError`, because the upload itself can still work.
 * `along` is shown in the same update as the draft's outcome (a failure whose message says the file is kept), when
 * it still returns a patch by then.
 */
export function keepDraft(
  task: UploadTask,
  along: () => Partial<Shown> | undefined = () => undefined,
): Promise<void> {
  clearTimeout(task.draftTimer);
  task.draftTimer = undefined;
  const { drafts, user = "", draftTtl = 3600, draftMessages } = task.host.options();
  const prepared = task.prepared;
  if (!drafts || !prepared || task.draft === "saved")
    return inOrder(task, async () => {
      const patch = along();
      if (patch) task.patch(patch);
    });
  return inOrder(task, async () => {
    try {
      // Claimed before it is written, so another tab never lists it in between.
      task.claim ??= await drafts.claim(task.key);
      const now = task.host.now();
      const { file, metadata } = prepared;
      await drafts.put({
        key: task.key,
        user,
        file,
        name: task.file.name ?? task.name,
        type: file.type || task.file.type,
        size: file.size,
        lastModified: (task.file as Partial<File>).lastModified,
        metadata,
        createdAt: now,
        expiresAt: now + draftTtl * 1000,
      });
      task.patch({ ...along(), draft: "saved", draftError: undefined });
    } catch (error) {
      const kind = error instanceof DraftStoreError ? error.kind : "unavailable";
      const draftError = draftMessage(kind, { name: task.name }, draftMessages);
      task.patch({ ...along(), draft: "failed", draftError });
    }
  });
}

/**
 * Saves the file's draft once it has been under way for `draftDelay` ms (default 1000), unless it is done, failed
 * or removed first. Most uploads end sooner and never touch the store, which would otherwise cost every file a
 * write and a delete; a file still going after a second, or failing, is kept.
 */
export function scheduleDraft(task: UploadTask): void {
  if (task.draftTimer !== undefined || task.draft === "saved") return;
  const delay = task.host.options().draftDelay ?? 1000;
  if (delay <= 0) void keepDraft(task);
  else task.draftTimer = setTimeout(() => void keepDraft(task), delay);
}

/**
 * Deletes the file's draft (it was uploaded, cancelled, removed or refused for good) and, with `release`, lets
 * other tabs claim the key again. Store failures are ignored: the draft then expires on its own.
 */
export function dropDraft(task: UploadTask, release: boolean): Promise<void> {
  clearTimeout(task.draftTimer);
  task.draftTimer = undefined;
  const { drafts } = task.host.options();
  return inOrder(task, async () => {
    if (drafts && task.draft !== "unsaved") await drafts.delete(task.key).catch(() => undefined);
    task.patch({ draft: "unsaved", draftError: undefined });
    if (release) releaseDraft(task);
  });
}

/** Lets other tabs claim the file's draft, which stays stored (the page is going away). */
export function releaseDraft(task: UploadTask): void {
  task.claim?.release();
  task.claim = undefined;
}
