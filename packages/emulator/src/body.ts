import type { IncomingMessage } from "node:http";
import { badRequest, CfError, notAForm, tooLarge } from "./errors";

/** The largest image Cloudflare Images accepts: 10 MB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Multipart overhead allowed on top of {@link MAX_FILE_BYTES} before reading stops. */
export const FORM_MARGIN = 64 * 1024;

/** 400 / 5433: the client went away mid-body. */
const aborted = () => new CfError(400, 5433, "Request has been aborted by the client");

/** Options of {@link readBody}. */
export interface ReadOptions {
  /** Bytes after which reading stops with 413 / 5413. */
  limit: number;
  /** Called with the byte count after each chunk; may destroy the socket (fault injection). */
  onChunk?: (received: number) => void;
}

/** Reads a request body, refusing (and no longer reading) anything longer than `limit` bytes. */
export function readBody(req: IncomingMessage, { limit, onChunk }: ReadOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(tooLarge());
        return;
      }
      onChunk?.(size);
      if (req.socket.destroyed) return reject(aborted());
      chunks.push(chunk);
    });
    req.on("end", () => (req.socket.destroyed ? reject(aborted()) : resolve(Buffer.concat(chunks))));
    // A body that breaks off (the client hung up, a bad chunk size) is the client's doing, not a crash.
    req.on("error", () => reject(aborted()));
    req.on("close", () => {
      if (!req.complete) reject(aborted());
    });
  });
}

/** Parses a multipart/form-data body with the WHATWG `Request` built into Node; 415 / 5415 for anything else. */
export async function parseForm(req: IncomingMessage, body: Buffer): Promise<FormData> {
  const type = req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) throw notAForm();
  try {
    return await new Request("http://emulator.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw badRequest("malformed multipart/form-data body");
  }
}

/** Deepest nesting of arrays and objects accepted in any JSON a client sends. */
export const MAX_JSON_DEPTH = 32;

/** How deeply `text` nests `[` and `{` (outside strings), found without recursion. */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Parses JSON from a client, refusing nesting deeper than {@link MAX_JSON_DEPTH} before parsing: deeper values
 * overflow the stack of everything that later walks them (`JSON.stringify` for the 1024-byte metadata check, the
 * account file), which would turn a client's mistake into a 500.
 */
export function parseClientJson(text: string, what: string): unknown {
  if (nesting(text) > MAX_JSON_DEPTH)
    throw badRequest(`${what} nests more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`${what} must be valid JSON`);
  }
}

/** Parses a JSON object body; 400 / 5400 if it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const value = parseClientJson(body.toString("utf8") || "{}", "the body");
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  throw badRequest("the body must be a JSON object");
}

/** A text field of a form, or undefined. Files where text is expected are refused. */
export function textField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value !== "string") throw badRequest(`field "${name}" must be text`);
  return value;
}
