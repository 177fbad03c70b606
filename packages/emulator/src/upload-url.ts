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
  if (input.fault?.kind === "expire_upload" && (draft.expiresAt ?? 0) > Date.now()) {
    await ctx.store.put({ ...draft, expiresAt: Date.now() });
  }
  if ((ctx.store.get(id)?.expiresAt ?? 0) <= Date.now()) throw expired();
  const form = await readForm(input);
  const file = await acceptFormFile(form, input);
  const current = ctx.store.get(id);
  if (!current?.draft || ctx.claims.has(id)) throw alreadyUsed();
  ctx.claims.add(id);
  try {
    return await finish(ctx, current, file);
  } finally {
    ctx.claims.delete(id);
  }
}

/** Stores the file and turns the draft into an image. */
async function finish(ctx: Context, current: ImageRecord, file: AcceptedFile): Promise<Reply> {
  const { draft: _draft, expiresAt: _expiresAt, seq: _seq, ...rest } = current;
  const record = {
    ...rest,
    filename: file.filename,
    format: file.format,
    width: file.width,
    height: file.height,
    uploaded: new Date().toISOString(),
  };
  await ctx.store.put(record, file.bytes);
  return ok(toImageObject(record, ctx.store, ctx.origin));
}
