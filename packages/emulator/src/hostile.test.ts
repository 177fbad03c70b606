import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, envelope, form, jpeg, png, raw, uploaded } from "./test-support";

/** What one hostile request must get: the status and the error code (v4 envelope or `Cf-Resized`), if any. */
type Expected = [status: number, code?: number];
interface Case {
  name: string;
  send: () => Promise<{ status: number; code: number | undefined }>;
  expect: Expected;
}

let emu: Emulator;
let publicId: string;
let privateId: string;
let draft: { id: string; uploadURL: string };
const spies: ReturnType<typeof vi.spyOn>[] = [];
const cases: Case[] = [];
const FIXTURES = new URL("../../../fixtures/verdicts/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

/** The error code of an answer: the envelope's first error, or delivery's `Cf-Resized: err=N`. */
async function answer(response: Response) {
  const resized = /err=(\d+)/.exec(response.headers.get("cf-resized") ?? "")?.[1];
  const text = await response.text();
  let code = resized ? Number(resized) : undefined;
  if (code === undefined && text.startsWith("{")) code = JSON.parse(text).errors?.[0]?.code;
  return { status: response.status, code };
}
const send = (path: string, init: RequestInit = {}) => fetch(`${emu.url}${path}`, init).then(answer);
const apiSend = (path: string, init: RequestInit = {}) => api(emu, path, init).then(answer);
const rawSend = async (request: string | Buffer) => {
  const text = await raw(emu.url, request);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), code: undefined };
};
const add = (name: string, expected: Expected, run: Case["send"]) =>
  cases.push({ name, send: run, expect: expected });
const json = (body: string, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body,
});

/** A digest of everything stored: each image's record and bytes, lists, variants, keys and config. */
async function stateHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const path of ["v2?per_page=1000&sort_order=asc", "v1/variants", "v1/keys", "v1/config", "v1/stats"]) {
    hash.update(JSON.stringify((await envelope(await api(emu, path))).result));
  }
  for (const id of [publicId, privateId, draft.id]) {
    hash.update(JSON.stringify((await envelope(await api(emu, `v1/${encodeURIComponent(id)}`))).result));
    const blob = await api(emu, `v1/${encodeURIComponent(id)}/blob`);
    hash.update(String(blob.status)).update(Buffer.from(await blob.arrayBuffer()));
  }
  return hash.digest("hex");
}

beforeAll(async () => {
  emu = await startEmulator({ flexibleVariants: true });
  publicId = (await uploaded(emu, await jpeg(300, 200), { id: "albums/one.jpg" })).id;
  privateId = (await uploaded(emu, await png(40, 40), { requireSignedURLs: "true" })).id;
  draft = await directUpload(emu);
  for (const method of ["error", "warn"] as const) spies.push(vi.spyOn(console, method));
});
afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  await emu.stop();
});

const hash = () => emu.accountHash;
const acct = () => `/client/v4/accounts/${emu.accountId}/images`;
const auth = () => ({ authorization: `Bearer ${emu.apiToken}` });

// Paths
add("traversal in a delivery path", [404, 9404], () => send(`/${hash()}/..%2F..%2Fetc%2Fpasswd/public`));
add("dot segments are resolved away", [404, 9431], () => send(`/${hash()}/a/../../../etc/passwd`));
add("NUL in an image id", [404, 9404], () => send(`/${hash()}/a%00b/public`));
add("malformed escape in delivery", [400, 9432], () => send(`/${hash()}/%E0%A4%A/public`));
add("overlong UTF-8 escape in delivery", [400, 9432], () =>
  send(`/cdn-cgi/imagedelivery/${hash()}/%C0%AF/public`),
);
add("malformed escape in the API", [400, 5400], () => apiSend("v1/%ZZ"));
add("malformed escape in the account id", [400, 5400], () =>
  send("/client/v4/accounts/%FF/images/v1", { headers: auth() }),
);
add("malformed escape in an upload URL", [400, 5400], () =>
  send(`/${hash()}/%E0%A4%A`, { method: "POST", body: form({}) }),
);
add("malformed escape in the faults API", [400, 5400], () =>
  send("/__darkroom/faults/%", { method: "DELETE" }),
);
add("a 3,000-segment path", [404, 9404], () => send(`/${hash()}/${"a/".repeat(3000)}public`));
add("an id of 2,000 characters", [404, 5404], () => apiSend(`v1/${"x".repeat(2000)}`));
add("wrong account hash", [403, 9427], () => send(`/not-the-hash/${publicId}/public`));
add("unknown route under the API", [404, 7003], () =>
  send(`/client/v4/accounts/${emu.accountId}/streams`, { headers: auth() }),
);
add("method not allowed", [405, 10405], () => send("/anything", { method: "PUT" }));

// Request lines and encodings
add("absolute-form target that is not a URL", [400, undefined], () =>
  rawSend("GET http://[::1/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
);
add("target with a bad port", [400, undefined], () =>
  rawSend("GET http://a:b:c/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
);
add("asterisk target", [404, undefined], () =>
  rawSend("GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
);
add("garbage request line", [400, undefined], () => rawSend("HELLO\r\n\r\n"));
add("space in the target", [400, undefined], () => rawSend("GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n"));
add("bad chunk size", [400, undefined], () =>
  rawSend(
    `POST /${hash()}/${draft.id} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
  ),
);
add("Content-Length and Transfer-Encoding together", [400, undefined], () =>
  rawSend(
    `POST ${acct()}/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
  ),
);
add("two Content-Lengths", [400, undefined], () =>
  rawSend(`POST ${acct()}/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`),
);
add("a 20 KB header", [431, undefined], () =>
  rawSend(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
);
add("HTTP/0.9 style request", [404, undefined], () => rawSend("GET /\r\n\r\n"));

// Headers
add("no Authorization", [401, 10000], () => send(`${acct()}/v1`));
add("Bearer without a token", [401, 10000], () =>
  send(`${acct()}/v1`, { headers: { authorization: "Bearer " } }),
);
add("two tokens", [401, 10000], () => send(`${acct()}/v1`, { headers: { authorization: "Bearer a b" } }));
add("a 8 KB wrong token", [403, 10000], () =>
  send(`${acct()}/v1`, { headers: { authorization: `Bearer ${"x".repeat(8000)}` } }),
);
add("Basic auth", [401, 10000], () => send(`${acct()}/v1`, { headers: { authorization: "Basic YTpi" } }));
add("multipart without a boundary", [400, 5400], () =>
  apiSend("v1", { method: "POST", headers: { "content-type": "multipart/form-data;" }, body: "x" }),
);
add("multipart with a 500-char boundary", [400, 5400], () =>
  apiSend("v1", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${"b".repeat(500)}` },
    body: "x",
  }),
);
add("raw body", [415, 5415], () =>
  apiSend("v1", { method: "POST", headers: { "content-type": "image/png" }, body: "x" }),
);
add("garbage Accept on delivery", [200, undefined], () =>
  send(`/${hash()}/${publicId}/public`, { headers: { accept: `${"image/avif;q=".repeat(500)}` } }),
);
add("faults API with text/plain", [415, 5415], () =>
  send("/__darkroom/faults", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }),
);

// Bodies
add("empty form", [400, 5400], () => apiSend("v1", { method: "POST", body: new FormData() }));
add("truncated multipart", [400, 5400], () =>
  apiSend("v1", {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=XYZ" },
    body: '--XYZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
  }),
);
add("file and url together", [400, 5400], () =>
  apiSend("v1", {
    method: "POST",
    body: form({ url: "http://127.0.0.1:1/a.png", file: [fixture("ok.png"), "a.png"] }),
  }),
);
add("url to a closed port", [400, 5400], () =>
  apiSend("v1", { method: "POST", body: form({ url: "http://127.0.0.1:1/a.png" }) }),
);
add("url with a file: scheme", [400, 5400], () =>
  apiSend("v1", { method: "POST", body: form({ url: "file:///etc/passwd" }) }),
);
add("file as a text field", [400, 5400], () =>
  apiSend("v1", { method: "POST", body: form({ file: "hello" }) }),
);
add("5,000 form fields", [400, 5400], () => {
  const fd = new FormData();
  for (let i = 0; i < 5000; i++) fd.append(`f${i}`, "x");
  return apiSend("v1", { method: "POST", body: fd });
});
add("metadata that is not JSON", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ metadata: "{" }) }),
);
add("metadata that is an array", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ metadata: "[1]" }) }),
);
add("metadata nested 100,000 deep", [400, 5400], () =>
  apiSend("v2/direct_upload", {
    method: "POST",
    body: form({ metadata: `{"a":${"[".repeat(1e5)}${"]".repeat(1e5)}}` }),
  }),
);
add("metadata brackets nested 10,000 deep", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ [`metadata${"[a]".repeat(10_000)}`]: "x" }) }),
);
add("metadata __proto__ bracket", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ "metadata[__proto__][x]": "1" }) }),
);
add("metadata over 1024 bytes", [400, 5400], () =>
  apiSend("v2/direct_upload", {
    method: "POST",
    body: form({ metadata: JSON.stringify({ a: "x".repeat(2000) }) }),
  }),
);
add("custom id that is a UUID", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ id: "123e4567-e89b-12d3-a456-426614174000" }) }),
);
add("custom id with a control character", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ id: "a\u0001b" }) }),
);
add("custom id taken", [409, 5409], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ id: publicId }) }),
);
add("expiry not RFC 3339", [400, 5400], () =>
  apiSend("v2/direct_upload", { method: "POST", body: form({ expiry: "tomorrow" }) }),
);
add("PATCH with invalid JSON", [400, 5400], () => apiSend(`v1/${publicId}`, json("{", "PATCH")));
add("PATCH with an array", [400, 5400], () => apiSend(`v1/${publicId}`, json("[]", "PATCH")));
add("PATCH nested 50,000 deep", [400, 5400], () =>
  apiSend(`v1/${publicId}`, json(`{"metadata":${"[".repeat(2e4)}${"]".repeat(2e4)}}`, "PATCH")),
);
add("PATCH a private flag on a custom id", [400, 5400], () =>
  apiSend(`v1/${publicId}`, json('{"requireSignedURLs":true}', "PATCH")),
);
add("PATCH an unknown image", [404, 5404], () => apiSend("v1/nope", json("{}", "PATCH")));
add("PATCH a body over 64 KB", [413, 5413], () =>
  apiSend(`v1/${publicId}`, json(`{"a":"${"x".repeat(70_000)}"}`, "PATCH")),
);
add("variant with a negative width", [400, 5400], () =>
  apiSend(
    "v1/variants",
    json('{"id":"neg","options":{"fit":"cover","width":-1,"height":10,"metadata":"none"}}'),
  ),
);
add("variant with options nested deep", [400, 5400], () =>
  apiSend(
    "v1/variants",
    json(`{"id":"deep","options":{"fit":"cover","width":1,"x":${"[".repeat(3e4)}${"]".repeat(3e4)}}}`),
  ),
);
add("variant id with a slash", [400, 5400], () =>
  apiSend(
    "v1/variants",
    json('{"id":"a/b","options":{"fit":"cover","width":10,"height":10,"metadata":"none"}}'),
  ),
);
add("config with a string ttl", [400, 5400], () =>
  apiSend("v1/config", json('{"browser_ttl":"1h"}', "PATCH")),
);
add("fault with an unknown kind", [400, 5400], () =>
  send("/__darkroom/faults", json('{"endpoint":"api","kind":"explode"}')),
);
add("fault body nested deep", [400, 5400], () =>
  send("/__darkroom/faults", json(`{"faults":${"[".repeat(3e4)}${"]".repeat(3e4)}}`)),
);

// Option strings
for (const variant of [
  "w=0x20",
  "w=1e1",
  "w=%2032",
  "w=032",
  "w=-1",
  "w=12001",
  "dpr=0.001",
  "dpr=1e0",
  "dpr=3",
  "q=0",
  "fit=evil",
  "f=gif",
  "w=1,w=2",
  "=",
  "w==1",
  `${"w=1,".repeat(2000)}h=1`,
  "w=%E2%80%8B1",
]) {
  add(`option string ${variant.slice(0, 40)}`, [400, 9401], () => send(`/${hash()}/${publicId}/${variant}`));
}
add("dpr past 12,000 px", [403, 9413], () => send(`/${hash()}/${publicId}/w=12000,fit=contain,dpr=2`));
add("pad to 144 MP", [403, 9413], () => send(`/${hash()}/${publicId}/w=12000,h=12000,fit=pad`));
add("flexible variant on a private image", [403, 9425], () => send(`/${hash()}/${privateId}/w=10`));
add("unknown named variant", [404, 9431], () => send(`/${hash()}/${publicId}/nope`));
add("a variant of just a comma", [404, 9431], () => send(`/${hash()}/${publicId}/,`));

// Signed URLs
add("garbage signature", [403, 9425], () => send(`/${hash()}/${privateId}/public?exp=9999999999&sig=zz`));
add("exp not a number", [403, 9425], () =>
  send(`/${hash()}/${privateId}/public?exp=soon&sig=${"0".repeat(64)}`),
);
add("duplicated sig", [403, 9425], () => send(`/${hash()}/${privateId}/public?sig=a&sig=b`));

// Files
for (const name of [
  "html-named-jpg.jpg",
  "jpeg-random-scan.jpg",
  "png-truncated.png",
  "jpeg-truncated.jpg",
]) {
  add(`file ${name}`, [400, 5455], () =>
    apiSend("v1", { method: "POST", body: form({ file: [fixture(name), name] }) }),
  );
}
for (const name of ["png-claims-60000px.png", "gif-screen-50000px.gif", "png-claims-12001px-wide.png"]) {
  add(`file ${name}`, [400, 5400], () =>
    apiSend("v1", { method: "POST", body: form({ file: [fixture(name), name] }) }),
  );
}
add("empty file", [400, 5400], () =>
  apiSend("v1", { method: "POST", body: form({ file: [Buffer.alloc(0), "a.png"] }) }),
);
add("file to a used upload URL", [400, 5400], async () => {
  const used = await directUpload(emu);
  const file = () => form({ file: [fixture("ok.png"), "a.png"] });
  await fetch(used.uploadURL, { method: "POST", body: file() }).then((r) => r.arrayBuffer());
  const again = await fetch(used.uploadURL, { method: "POST", body: file() }).then(answer);
  await api(emu, `v1/${used.id}`, { method: "DELETE" }).then((r) => r.arrayBuffer());
  return again;
});
add("corrupt file to a draft's upload URL", [400, 5455], () =>
  send(`/${hash()}/${draft.id}`, {
    method: "POST",
    body: form({ file: [fixture("jpeg-random-scan.jpg"), "a.jpg"] }),
  }),
);
add("upload URL for an unknown id", [404, 5404], () =>
  send(`/${hash()}/nope`, { method: "POST", body: form({ file: [fixture("ok.png"), "a.png"] }) }),
);

describe("hostile input on every endpoint", () => {
  it("answers each with the right status and code, stays up, logs no crash and leaves stored images alone", async () => {
    const before = await stateHash();
    const wrong: string[] = [];
    for (const c of cases) {
      const got = await c.send();
      const [status, code] = c.expect;
      if (got.status !== status || (code !== undefined && got.code !== code)) {
        wrong.push(`${c.name}: got ${got.status}/${got.code}, expected ${status}/${code}`);
      }
      const health = await api(emu, "v1/stats");
      if (health.status !== 200) wrong.push(`${c.name}: the next request got ${health.status}`);
      await health.arrayBuffer();
    }
    console.log(`hostile requests tried: ${cases.length}`);
    expect(wrong).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(await stateHash()).toBe(before);
  }, 120_000);
});
