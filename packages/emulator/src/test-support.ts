import { connect } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import type { Emulator } from "./server";

/** A solid-colour PNG made with sharp. */
export const png = (width: number, height: number, alpha = false): Promise<Buffer> =>
  sharp({
    create: { width, height, channels: alpha ? 4 : 3, background: { r: 200, g: 60, b: 30, alpha: 0.5 } },
  })
    .png()
    .toBuffer();

/** A JPEG made with sharp (noise, so it is not trivially small). */
export const jpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({
    create: { width, height, channels: 3, background: "#3366cc", noise: { type: "gaussian", sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

/** One PNG chunk with its CRC. */
export function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A tiny PNG whose IHDR claims `width` × `height` (a decompression bomb if ever decoded). */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.alloc(1024));
  return Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/** A multipart form from text fields and files (`[bytes, name, type]`). */
export function form(fields: Record<string, string | [Buffer, string, string?]>): FormData {
  const fd = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") fd.append(key, value);
    else fd.append(key, new Blob([new Uint8Array(value[0])], { type: value[2] ?? "" }), value[1]);
  }
  return fd;
}

/** Calls the emulator's Images API (`path` relative to `/accounts/{id}/images/`). */
export function api(emu: Emulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${emu.apiToken}`);
  return fetch(`${emu.url}/client/v4/accounts/${emu.accountId}/images/${path}`, { ...init, headers });
}

/** The parsed v4 envelope of a response. */
export async function envelope(response: Response) {
  return (await response.json()) as {
    result: Record<string, unknown> | null;
    success: boolean;
    errors: { code: number; message: string }[];
    messages: unknown[];
    result_info?: unknown;
  };
}

/** Uploads bytes with `POST /images/v1`; returns the response. */
export function uploadV1(emu: Emulator, bytes: Buffer, fields: Record<string, string> = {}, name = "a.png") {
  return api(emu, "v1", { method: "POST", body: form({ ...fields, file: [bytes, name] }) });
}

/** Uploads and returns the image object, failing the test if the upload failed. */
export async function uploaded(emu: Emulator, bytes: Buffer, fields: Record<string, string> = {}) {
  const response = await uploadV1(emu, bytes, fields);
  const body = await envelope(response);
  if (!body.success) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.result as { id: string; variants: string[]; [k: string]: unknown };
}

/** Creates a direct upload; returns `{ id, uploadURL }`. */
export async function directUpload(emu: Emulator, fields: Record<string, string> = {}) {
  const response = await api(emu, "v2/direct_upload", { method: "POST", body: form(fields) });
  const body = await envelope(response);
  if (!body.success) throw new Error(`direct_upload failed: ${JSON.stringify(body.errors)}`);
  return body.result as { id: string; uploadURL: string };
}

/** Posts a file to a one-time upload URL the way a browser does. */
export function postFile(uploadURL: string, bytes: Buffer, name = "photo.png"): Promise<Response> {
  return fetch(uploadURL, { method: "POST", body: form({ file: [bytes, name] }) });
}

/** A valid PNG padded with a private ancillary chunk to exactly `size` bytes. */
export async function pngOfSize(size: number): Promise<Buffer> {
  const base = await png(8, 8);
  const iend = base.length - 12;
  const pad = size - base.length - 12;
  return Buffer.concat([base.subarray(0, iend), chunk("prVt", Buffer.alloc(pad)), base.subarray(iend)]);
}

/** Sends raw bytes on a new connection (for requests `fetch` refuses to build); resolves with the whole answer. */
export function raw(url: string, request: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let text = "";
    socket.on("data", (c) => {
      text += c.toString("latin1");
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}
