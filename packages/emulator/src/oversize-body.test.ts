import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { directUpload } from "./test-support";

let emu: Emulator;
let uploadURL: string;
beforeAll(async () => {
  emu = await startEmulator();
  ({ uploadURL } = await directUpload(emu));
});
afterAll(() => emu.stop());

const MB = 1024 * 1024;
const multipart = (size: number) => {
  const head = Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n');
  return Buffer.concat([head, Buffer.alloc(size), Buffer.from("\r\n--B--\r\n")]);
};
const TYPE = "multipart/form-data; boundary=B";

/** Posts with node:http, as server-side code does; resolves with the status and body it could read. */
function httpPost(url: string, body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": TYPE };
    if (!chunked) headers["content-length"] = String(body.length);
    const req = request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    // Written in pieces, as a stream upload is: the server answers long before the last piece.
    let at = 0;
    const next = () => {
      while (at < body.length) {
        const piece = body.subarray(at, at + 256 * 1024);
        at += piece.length;
        if (!req.write(piece)) return void req.once("drain", next);
      }
      req.end();
    };
    next();
  });
}

describe("a body over the limit gets a 413 every client can read", () => {
  for (const size of [11 * MB, 30 * MB]) {
    it(`fetch, ${size / MB} MB with a length`, async () => {
      const response = await fetch(uploadURL, {
        method: "POST",
        headers: { "content-type": TYPE },
        body: multipart(size),
      });
      expect(response.status).toBe(413);
      expect((await response.json()).errors[0].code).toBe(5413);
    });

    it(`fetch, ${size / MB} MB streamed (chunked)`, async () => {
      const bytes = multipart(size);
      const body = new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += MB) controller.enqueue(bytes.subarray(at, at + MB));
          controller.close();
        },
      });
      const init = { method: "POST", headers: { "content-type": TYPE }, body, duplex: "half" };
      const response = await fetch(uploadURL, init as RequestInit);
      expect(response.status).toBe(413);
      expect((await response.json()).errors[0].code).toBe(5413);
    });

    for (const chunked of [false, true]) {
      it(`http.request, ${size / MB} MB ${chunked ? "chunked" : "with a length"}`, async () => {
        const answer = await httpPost(uploadURL, multipart(size), chunked);
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.text).errors[0].code).toBe(5413);
      });
    }
  }

  it("the upload URL still works after all of them", async () => {
    const response = await fetch(`${emu.url}/client/v4/accounts/${emu.accountId}/images/v1/stats`, {
      headers: { authorization: `Bearer ${emu.apiToken}` },
    });
    expect(response.status).toBe(200);
  });
});
