import { readForm } from "./api-images";
import type { Context, Incoming } from "./context";
import { CfError, imageNotFound } from "./errors";
import { toImageObject } from "./image-object";
import { ok, type Reply } from "./reply";
import type { ImageRecord } from "./types";
import { type AcceptedFile, acceptFormFile } from "./upload-file";

/** 400 / 5400 for a one-time upload URL that was already used (emulator-chosen; see README). */
const alreadyUsed = () => new CfError(400, 5400, "Bad Request: this upload URL has already been used");

/** 400 / 5400 for an expired upload URL (emulator-chosen; see README). */
const expired = () => new CfError(400, 5400, "Bad Request: this upload URL has expired");

/**
 * `POST /{account_hash}/{image_id}`: the one-time direct creator upload URL (no auth, multipart field `file`).
 * Turns the draft into an image; the answer is the image object in a v4 envelope.
 */
export async function uploadToUrl(input: Incoming, ctx: Context, id: string): Promise<Reply> {
  const draft = ctx.store.get(id);
  if (!draft) throw imageNotFound();
  if (!draft.draft) throw alreadyUsed();
  if (input.fault?.kind === "expire_upload") {
    await ctx.store.update(id, (current) => {
      const live = current?.draft && (current.expiresAt ?? 0) > Date.now();
      return live ? { result: undefined, put: { ...current, expiresAt: Date.now() } } : { result: undefined };
    });
  }
  if ((ctx.store.get(id)?.expiresAt ?? 0) <= Date.now()) throw expired();
  const form = await readForm(input);
  const file = await acceptFormFile(form, input);
  // The draft as it is in the id's turn: deleted (404), already used by a parallel upload (400), or edited.
  return ctx.store.update(id, (current) => {
    if (!current) throw imageNotFound();
    if (!current.draft) throw alreadyUsed();
    const record = landed(current, file);
    return { result: ok(toImageObject(record, ctx.store, ctx.origin)), put: record, bytes: file.bytes };
  });
}

/** The image a draft becomes once its file arrived (a new `seq`: lists order by upload). */
function landed(current: ImageRecord, file: AcceptedFile): ImageRecord {
  const { draft: _draft, expiresAt: _expiresAt, seq: _seq, ...rest } = current;
  return {
    ...rest,
    filename: file.filename,
    format: file.format,
    width: file.width,
    height: file.height,
    uploaded: new Date().toISOString(),
  };
}
