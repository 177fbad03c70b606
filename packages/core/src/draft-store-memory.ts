import type { DraftClaim, DraftStore, UploadDraft } from "./draft-types";

/**
 * A {@link DraftStore} in memory, for Node, tests and SSR: drafts last as long as the object. Share one store
 * between two `Uploader`s to stand for two tabs; claims are exclusive between them.
 */
export function memoryDraftStore(): DraftStore {
  const drafts = new Map<string, UploadDraft>();
  const claimed = new Set<string>();
  return {
    async put(draft) {
      drafts.set(draft.key, { ...draft });
    },
    async list(user, now) {
      for (const [key, draft] of drafts) if (draft.expiresAt <= now) drafts.delete(key);
      return [...drafts.values()]
        .filter((draft) => draft.user === user && !claimed.has(draft.key))
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((draft) => ({ ...draft }));
    },
    async delete(key) {
      drafts.delete(key);
    },
    async claim(key): Promise<DraftClaim | undefined> {
      if (claimed.has(key)) return undefined;
      claimed.add(key);
      let held = true;
      return {
        release() {
          if (held) claimed.delete(key);
          held = false;
        },
      };
    },
  };
}
