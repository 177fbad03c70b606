import type { DraftStoreErrorKind } from "./draft-types";

/** What a draft message may mention. */
export interface DraftMessageContext {
  /** The file name made safe to show (see `displayName`). */
  name: string;
}

/** One message per reason a local copy could not be kept, for translation or a different tone. */
export type DraftMessages = Record<DraftStoreErrorKind, (context: DraftMessageContext) => string>;

const consequence = "If the upload fails you will need to choose the file again.";

/**
 * The English messages shown (as `draftError`) when a file could not be kept locally. The upload goes on; they say
 * what that costs, and a full disk is named apart because people can free space.
 */
export const defaultDraftMessages: DraftMessages = {
  quota: (c) => `Could not keep a local copy of ${c.name} (your browser's storage is full). ${consequence}`,
  unavailable: (c) =>
    `Could not keep a local copy of ${c.name} (this browser does not allow saving files, for example in a private window). ${consequence}`,
};

/** Builds the message of `kind`, with the default replaced by `overrides[kind]` when given. */
export function draftMessage(
  kind: DraftStoreErrorKind,
  context: DraftMessageContext,
  overrides: Partial<DraftMessages> = {},
): string {
  return (overrides[kind] ?? defaultDraftMessages[kind])(context);
}
