import { MAX_FILE_BYTES } from "./body";
import type { Incoming } from "./context";
import { badRequest, tooLarge, unsupportedFormat } from "./errors";
import { type Inspection, inspectImage } from "./inspect";

/** An accepted upload: its original bytes, name and what inspection found. */
export interface AcceptedFile extends Inspection {
  bytes: Buffer;
  filename: string;
}

/** Checks one uploaded file (size, format, dimensions, integrity); honours the reject_content fault. */
export async function acceptBytes(bytes: Buffer, filename: string, input: Incoming): Promise<AcceptedFile> {
  if (bytes.length > MAX_FILE_BYTES) throw tooLarge();
  if (bytes.length === 0) throw badRequest("the file is empty");
  if (input.fault?.kind === "reject_content") throw unsupportedFormat();
  const found = await inspectImage(bytes);
  return { ...found, bytes, filename };
}

/** The `file` field of an upload form, checked. */
export async function acceptFormFile(form: FormData, input: Incoming): Promise<AcceptedFile> {
  const file = form.get("file");
  if (file === null) throw badRequest("the form has no file field");
  if (typeof file === "string") throw badRequest("file must be a file, not text");
  const bytes = Buffer.from(await file.arrayBuffer());
  return acceptBytes(bytes, file.name || "file", input);
}

/** Fetches an image for `POST /images/v1` with `url`; an origin error is a 4xx, as on Cloudflare. */
export async function acceptUrl(address: string, input: Incoming): Promise<AcceptedFile> {
  let target: URL;
  try {
    target = new URL(address);
  } catch {
    throw badRequest("url is not a valid URL");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw badRequest("url must be http(s)");
  const headers: Record<string, string> = {};
  if (target.username || target.password) {
    const user = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(user).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let response: Response;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.timeout(15_000) });
  } catch {
    throw badRequest("the image could not be fetched from url");
  }
  if (!response.ok) throw badRequest(`fetching url answered HTTP ${response.status}`);
  const bytes = await readCapped(response);
  const name = decodeURIComponent(target.pathname.split("/").pop() || "") || "image";
  return acceptBytes(bytes, name, input);
}

/** Reads a fetched body, giving up once it passes 10 MB. */
async function readCapped(response: Response): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_FILE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
