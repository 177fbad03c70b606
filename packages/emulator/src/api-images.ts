import { FORM_MARGIN, MAX_FILE_BYTES, parseForm, parseJsonObject, readBody, textField } from "./body";
import type { Context, Incoming } from "./context";
import { alreadyExists, badRequest, imageNotFound } from "./errors";
import { checkMetadata, formBoolean, formMetadata } from "./fields";
import { checkCustomId, isUuid, newImageId } from "./ids";
import { encodeId, toImageObject } from "./image-object";
import { ok, type Reply } from "./reply";
import type { ImageRecord } from "./types";
import { acceptFormFile, acceptUrl } from "./upload-file";

const FORM_LIMIT = MAX_FILE_BYTES + FORM_MARGIN;
const MIN_EXPIRY_MS = 2 * 60_000;
const MAX_EXPIRY_MS = 6 * 3600_000;
const DEFAULT_EXPIRY_MS = 30 * 60_000;

/** Reads and parses the multipart body of an API or upload request. */
export async function readForm(input: Incoming): Promise<FormData> {
  const body = await readBody(input.req, { limit: FORM_LIMIT, onChunk: input.onChunk });
  return parseForm(input.req, body);
}

/** The fields shared by `POST /images/v1` and direct_upload: id, metadata, requireSignedURLs, creator. */
function commonFields(form: FormData, ctx: Context) {
  const requireSignedURLs = formBoolean(form, "requireSignedURLs");
  const custom = textField(form, "id");
  if (custom !== undefined) checkCustomId(custom, requireSignedURLs);
  const id = custom ?? newImageId();
  // Answers early before reading a file; the id's turn in the store decides for good.
  if (ctx.store.get(id)) throw alreadyExists();
  return { id, requireSignedURLs, meta: formMetadata(form), creator: textField(form, "creator") ?? null };
}

/** Stores a new image or draft under an id nobody holds, in the id's turn; 409 / 5409 if someone does. */
function create(ctx: Context, record: ImageRecord, bytes?: Buffer): Promise<Reply> {
  return ctx.store.update(record.id, (current) => {
    if (current) throw alreadyExists();
    const change = { result: ok(toImageObject(record, ctx.store, ctx.origin)), put: record };
    return bytes ? { ...change, bytes } : change;
  });
}

/** `POST /images/v1`: upload a `file` or fetch a `url` (exactly one of them). */
export async function createImage(input: Incoming, ctx: Context): Promise<Reply> {
  const form = await readForm(input);
  const fields = commonFields(form, ctx);
  const hasFile = form.has("file");
  const url = textField(form, "url");
  if (hasFile === (url !== undefined)) throw badRequest("send exactly one of file and url");
  const file = url !== undefined ? await acceptUrl(url, input) : await acceptFormFile(form, input);
  const record: ImageRecord = {
    ...fields,
    filename: file.filename,
    uploaded: new Date().toISOString(),
    format: file.format,
    width: file.width,
    height: file.height,
    rev: 1,
  };
  return create(ctx, record, file.bytes);
}

/** `POST /images/v2/direct_upload`: creates a draft and a one-time upload URL. */
export async function directUpload(input: Incoming, ctx: Context): Promise<Reply> {
  const form = await readForm(input);
  const fields = commonFields(form, ctx);
  const now = Date.now();
  let expiresAt = now + DEFAULT_EXPIRY_MS;
  const expiry = textField(form, "expiry");
  if (expiry !== undefined) {
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
    expiresAt = Date.parse(expiry);
    if (!rfc3339.test(expiry) || Number.isNaN(expiresAt)) throw badRequest("expiry must be an RFC3339 date");
    if (expiresAt < now + MIN_EXPIRY_MS || expiresAt > now + MAX_EXPIRY_MS) {
      throw badRequest("expiry must be between now + 2 minutes and now + 6 hours");
    }
  }
  const record: ImageRecord = {
    ...fields,
    filename: "",
    uploaded: new Date(now).toISOString(),
    draft: true,
    expiresAt,
    rev: 1,
  };
  await create(ctx, record);
  const uploadURL = `${ctx.origin}/${ctx.store.account.accountHash}/${encodeId(record.id)}`;
  return ok({ id: record.id, uploadURL }, { result_info: null });
}

/** The record for `id` or 404 / 5404. */
function find(ctx: Context, id: string): ImageRecord {
  const record = ctx.store.get(id);
  if (!record) throw imageNotFound();
  return record;
}

/** `GET /images/v1/:id` (drafts included, with `draft: true`). */
export function getImage(ctx: Context, id: string): Reply {
  return ok(toImageObject(find(ctx, id), ctx.store, ctx.origin));
}

/** `PATCH /images/v1/:id`: JSON `metadata`, `requireSignedURLs`, `creator`; anything absent is unchanged. */
export async function editImage(input: Incoming, ctx: Context, id: string): Promise<Reply> {
  const body = parseJsonObject(await readBody(input.req, { limit: 64 * 1024 }));
  find(ctx, id);
  // Applied to the record as it is in the id's turn (an upload may have landed since the body was read).
  return ctx.store.update(id, (current) => {
    if (!current) throw imageNotFound();
    const record = { ...current };
    if (body.metadata !== undefined) record.meta = checkMetadata(body.metadata);
    if (body.creator !== undefined) {
      if (body.creator !== null && typeof body.creator !== "string")
        throw badRequest("creator must be a string");
      record.creator = body.creator;
    }
    if (body.requireSignedURLs !== undefined) {
      if (typeof body.requireSignedURLs !== "boolean")
        throw badRequest("requireSignedURLs must be a boolean");
      if (body.requireSignedURLs && !isUuid(record.id)) throw badRequest("custom ids cannot be private");
      record.requireSignedURLs = body.requireSignedURLs;
    }
    record.rev += 1;
    return { result: ok(toImageObject(record, ctx.store, ctx.origin)), put: record };
  });
}

/** `DELETE /images/v1/:id`: result `{}`. */
export function deleteImage(ctx: Context, id: string): Promise<Reply> {
  return ctx.store.update(id, (current) => {
    if (!current) throw imageNotFound();
    return { result: ok({}), remove: true };
  });
}

/** `GET /images/v1/:id/blob`: the original bytes. */
export function getBlob(ctx: Context, id: string): Reply {
  const record = find(ctx, id);
  const bytes = ctx.store.bytes(id);
  if (!bytes || !record.format) throw imageNotFound();
  const type = record.format === "svg" ? "image/svg+xml" : `image/${record.format}`;
  return { status: 200, headers: { "content-type": type }, body: bytes };
}
