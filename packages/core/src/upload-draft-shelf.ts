import type { DraftClaim, DraftSummary, UploadDraft } from "./draft-types";
import type { UploaderOptions } from "./upload-queue-types";
import type { UploadFile } from "./upload-task";

/** Where the uploader's draft calls look: its options, the time, and the keys of files already in its queue. */
export interface ShelfContext {
  options: UploaderOptions;
  now: number;
  queued: ReadonlySet<string>;
}

/** A draft claimed for this tab, ready to be queued. */
export interface ClaimedDraft {
  draft: UploadDraft;
  claim: DraftClaim;
}

/** The user's unclaimed drafts that are not in the queue; none when there is no store or it fails. */
export async function listDrafts({ options, now, queued }: ShelfContext): Promise<UploadDraft[]> {
  const { drafts, user = "" } = options;
  if (!drafts) return [];
  const found = await drafts.list(user, now).catch(() => []);
  return found.filter((draft) => !queued.has(draft.key));
}

/**
 * Claims the drafts with `keys` (all when omitted). Returns those this tab got, and the drafts left to show: the
 * ones not asked for. A draft another tab claimed in the meantime is in neither.
 */
export async function claimDrafts(
  context: ShelfContext,
  keys: readonly string[] | undefined,
): Promise<{ claimed: ClaimedDraft[]; rest: UploadDraft[] }> {
  const found = await listDrafts(context);
  const wanted = found.filter((draft) => !keys || keys.includes(draft.key));
  const store = context.options.drafts;
  const claims = await Promise.all(wanted.map((draft) => store?.claim(draft.key).catch(() => undefined)));
  const claimed = wanted.flatMap((draft, i) => {
    const claim = claims[i];
    return claim ? [{ draft, claim }] : [];
  });
  return { claimed, rest: found.filter((draft) => !wanted.includes(draft)) };
}

/** Deletes the drafts with `keys` (all when omitted) that no other tab holds; returns the drafts left to show. */
export async function deleteDrafts(
  context: ShelfContext,
  keys: readonly string[] | undefined,
): Promise<UploadDraft[]> {
  const { claimed, rest } = await claimDrafts(context, keys);
  const store = context.options.drafts;
  await Promise.all(
    claimed.map(async ({ draft, claim }) => {
      await store?.delete(draft.key).catch(() => undefined);
      claim.release();
    }),
  );
  return rest;
}

/** What a snapshot shows of drafts: no bytes, nothing that changes. */
export function summarize(drafts: readonly UploadDraft[]): DraftSummary[] {
  return drafts.map(({ key, name, size, createdAt, expiresAt }) => ({
    key,
    name,
    size,
    createdAt,
    expiresAt,
  }));
}

/**
 * The draft's bytes as a file to queue, named and dated as it was chosen, so saving it again keeps both (`slice`
 * shares the bytes, it does not copy them).
 */
export function draftFile(draft: UploadDraft): UploadFile {
  const { name, lastModified } = draft;
  return Object.assign(draft.file.slice(0, draft.file.size, draft.type), { name, lastModified });
}
