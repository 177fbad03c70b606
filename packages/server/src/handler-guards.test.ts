// What the upload handler refuses before it provisions anything: requests another site's page can make, bodies
// without the values its limits check, and bodies that never end.
import { describe, expect, it } from "vitest";
import { fakeFetch, ok } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import { createUploadHandler, type UploadHandlerOptions } from "./handler";

const upload = ok({ id: "img-1", uploadURL: "https://upload.imagedelivery.net/H/img-1" });
const FILE = JSON.stringify({ filename: "cat.png", size: 100, type: "image/png" });

function setup(options: Partial<UploadHandlerOptions> = {}) {
  const fetch = fakeFetch(upload);
  const client = createImagesClient({ accountId: "acc", apiToken: "token", fetch, retry: { attempts: 1 } });
  // One upload per user, so a request that was counted shows as a 429 for the next.
  const handler = createUploadHandler({
    client,
    authorize: (request) => (request.headers.get("cookie") === "session=alice" ? { id: "alice" } : null),
    rateLimit: { capacity: 1, refillPerSecond: 0.001 },
    ...options,
  });
  return { handler, fetch };
}

function request(
  headers: Record<string, string>,
  body: BodyInit = FILE,
  url = "https://app.example/api/upload",
) {
  return new Request(url, { method: "POST", headers: { cookie: "session=alice", ...headers }, body });
}

const sameOrigin = {
  "content-type": "application/json",
  origin: "https://app.example",
  "sec-fetch-site": "same-origin",
};

describe("createUploadHandler refuses what another site's page can send", () => {
  it("answers 415 to a text/plain POST (a cross-site simple request) and does not count it", async () => {
    const { handler, fetch } = setup();
    const attack = request({ "content-type": "text/plain", origin: "https://evil.example" });
    const response = await handler(attack);
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    // The victim's one upload is still there.
    expect((await handler(request(sameOrigin))).status).toBe(200);
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["another site's Origin, no Sec-Fetch-Site", { origin: "https://evil.example" }],
    ["a sandboxed frame (Origin: null)", { origin: "null", "sec-fetch-site": "cross-site" }],
    ["no Origin but Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ])("answers 403 to JSON from %s, before counting it", async (_, headers) => {
    const { handler, fetch } = setup();
    const response = await handler(request({ "content-type": "application/json", ...headers }));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await handler(request(sameOrigin))).status).toBe(200);
    expect(fetch.calls).toHaveLength(1);
  });

  it("accepts its own pages, a listed origin, a TLS-terminating proxy and non-browser clients", async () => {
    const json = { "content-type": "application/json" };
    const cases: [string, Request, Partial<UploadHandlerOptions>][] = [
      ["same origin", request(sameOrigin), {}],
      [
        "listed",
        request({ ...json, origin: "https://admin.example", "sec-fetch-site": "same-site" }),
        {
          allowedOrigins: ["https://admin.example"],
        },
      ],
      // Behind a proxy the app sees http://, the browser's Origin says https://: same host.
      [
        "proxied",
        request(
          { ...json, origin: "https://app.example", host: "app.example" },
          FILE,
          "http://app.example/api/upload",
        ),
        {},
      ],
      ["server to server", request(json), {}],
    ];
    for (const [name, req, options] of cases) {
      const { handler } = setup(options);
      expect((await handler(req)).status, name).toBe(200);
    }
  });
});

describe("createUploadHandler checks what its limits depend on", () => {
  it.each([
    ["size", { filename: "x.svg", type: "image/png" }],
    ["type", { filename: "x.svg", size: 100 }],
    ["size", { filename: "x.svg" }],
  ])("answers 400 (field %s) when it is left out, and provisions nothing", async (field, body) => {
    const { handler, fetch } = setup({ limits: { types: ["image/png"] } });
    const response = await handler(request(sameOrigin, JSON.stringify(body)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_body", field } });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("createUploadHandler reads at most its limit", () => {
  it("stops reading a streamed body without Content-Length once it passes 16 KiB, and answers 413", async () => {
    const { handler, fetch } = setup();
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    // 200 MiB if read whole; the stream counts what was pulled.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = new Request("https://app.example/api/upload", {
      method: "POST",
      headers: { cookie: "session=alice", ...sameOrigin },
      body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("content-length")).toBeNull();
    const response = await handler(streamed);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "body_too_large" } });
    // One chunk past the limit, and the stream's own read-ahead: nowhere near 200 MiB.
    expect(sent).toBeLessThanOrEqual(4 * chunk.byteLength);
    expect(fetch.calls).toHaveLength(0);
  });

  it("answers 413 from Content-Length alone, reading no more than the stream's own read-ahead", async () => {
    const { handler } = setup();
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const declared = new Request("https://app.example/api/upload", {
      method: "POST",
      headers: { cookie: "session=alice", ...sameOrigin, "content-length": String(1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    expect((await handler(declared)).status).toBe(413);
    expect(sent).toBeLessThanOrEqual(2 * chunk.byteLength);
  });
});
