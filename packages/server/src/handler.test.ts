import { describe, expect, it } from "vitest";
import { fail, fakeFetch, ok } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import { createUploadHandler, type UploadHandlerOptions } from "./handler";

const TOKEN = "cf-token-DO-NOT-LEAK";
const NOW = Date.parse("2026-11-24T06:00:00Z");
const upload = ok({ id: "img-1", uploadURL: "https://upload.imagedelivery.net/H/img-1" });

function setup(fetch = fakeFetch(upload), options: Partial<UploadHandlerOptions> = {}) {
  const client = createImagesClient({ accountId: "acc", apiToken: TOKEN, fetch, retry: { attempts: 1 } });
  const errors: unknown[] = [];
  const handler = createUploadHandler({
    client,
    authorize: (request) => (request.headers.get("cookie") === "session=alice" ? { id: "alice" } : null),
    now: () => NOW,
    onError: (error) => errors.push(error),
    ...options,
  });
  return { handler, fetch, errors };
}

/** What the uploader always sends about a file; a test's own fields replace these. */
const FILE = { size: 100, type: "image/png" };

/** A POST as the browser's uploader makes it: JSON, same origin, signed in. A string body is sent as is. */
function post(body: unknown, init: RequestInit = {}) {
  const json =
    typeof body === "object" && body !== null && !Array.isArray(body) ? { ...FILE, ...body } : body;
  return new Request("https://app.example/api/upload", {
    method: "POST",
    headers: {
      cookie: "session=alice",
      "content-type": "application/json",
      origin: "https://app.example",
      "sec-fetch-site": "same-origin",
    },
    body: typeof json === "string" ? json : JSON.stringify(json),
    ...init,
  });
}

describe("createUploadHandler", () => {
  it("provisions a direct upload with the user as creator and answers id, uploadURL and expiresAt", async () => {
    const { handler, fetch } = setup();
    const response = await handler(
      post({ filename: "cat.jpg", size: 2048, type: "image/jpeg", metadata: { album: "x" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      id: "img-1",
      uploadURL: "https://upload.imagedelivery.net/H/img-1",
      expiresAt: "2026-11-24T06:30:00.000Z",
    });
    const form = Object.fromEntries(fetch.calls[0]?.body as FormData);
    expect(form).toEqual({
      creator: "alice",
      expiry: "2026-11-24T06:30:00.000Z",
      metadata: JSON.stringify({ album: "x" }),
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it("answers 405 to anything but POST", async () => {
    const { handler, fetch } = setup();
    const response = await handler(new Request("https://app.example/api/upload"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(fetch.calls).toHaveLength(0);
  });

  it("answers 401 when authorize returns null, without calling Cloudflare", async () => {
    const { handler, fetch } = setup();
    const response = await handler(post({}, { headers: { "content-type": "application/json" } }));
    expect(response.status).toBe(401);
    expect(fetch.calls).toHaveLength(0);
  });

  it.each([
    ["not JSON", "{oops", "invalid_json", undefined],
    ["an array", [], "invalid_body", "body"],
    ["too large a file", { size: 11 * 1024 * 1024 }, "invalid_body", "size"],
    ["a size that is not a byte count", { size: 1.5 }, "invalid_body", "size"],
    ["an unaccepted type", { type: "application/pdf" }, "invalid_body", "type"],
    ["metadata that is not an object", { metadata: "x" }, "invalid_body", "metadata"],
    ["metadata over 1024 bytes", { metadata: { note: "é".repeat(510) } }, "invalid_body", "metadata"],
    ["an unknown field", { fileName: "typo.jpg" }, "invalid_body", "fileName"],
    ["an empty draftKey", { draftKey: "" }, "invalid_body", "draftKey"],
    ["a draftKey over 128 characters", { draftKey: "k".repeat(129) }, "invalid_body", "draftKey"],
    ["a draftKey with a slash", { draftKey: "a/b" }, "invalid_body", "draftKey"],
    ["a draftKey with a newline", { draftKey: "a\nb" }, "invalid_body", "draftKey"],
    ["a draftKey that is not a string", { draftKey: 42 }, "invalid_body", "draftKey"],
  ])("answers 400 for %s", async (_, body, code, field) => {
    const { handler, fetch } = setup();
    const response = await handler(post(body));
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; field?: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.field).toBe(field);
    expect(json.error.message.length).toBeGreaterThan(5);
    expect(fetch.calls).toHaveLength(0);
  });

  it("applies custom limits", async () => {
    const { handler } = setup(undefined, { limits: { maxBytes: 1000, types: ["image/png"] } });
    expect((await handler(post({ size: 1001 }))).status).toBe(400);
    expect((await handler(post({ type: "image/jpeg" }))).status).toBe(400);
    expect((await handler(post({ size: 1000, type: "image/png" }))).status).toBe(200);
  });

  it("rate-limits each user with a token bucket and answers 429 with Retry-After", async () => {
    const { handler, fetch } = setup(undefined, { rateLimit: { capacity: 2, refillPerSecond: 0.1 } });
    expect((await handler(post({}))).status).toBe(200);
    expect((await handler(post({}))).status).toBe(200);
    const limited = await handler(post({}));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("10");
    expect(fetch.calls).toHaveLength(2);
  });

  it("lets one person provision a batch of 50 photos at once with the default limit, then throttles", async () => {
    const { handler } = setup();
    const batch = await Promise.all(Array.from({ length: 50 }, () => handler(post({}))));
    expect(batch.map((r) => r.status)).toEqual(Array(50).fill(200));
    // The burst is 100; past it the answer is 429 with a wait of one second (the refill rate).
    const rest = await Promise.all(Array.from({ length: 51 }, () => handler(post({}))));
    expect(rest.filter((r) => r.status === 429).map((r) => r.headers.get("retry-after"))).toEqual(["1"]);
  });

  it("maps retryable upstream failures to 503 with Retry-After and refusals to 502", async () => {
    const unavailable = setup(fakeFetch(fail(503, 5503, "Server Unavailable", { "Retry-After": "12" })));
    const r503 = await unavailable.handler(post({}));
    expect(r503.status).toBe(503);
    expect(r503.headers.get("retry-after")).toBe("12");
    const network = setup(fakeFetch(new TypeError("fetch failed")));
    expect((await network.handler(post({}))).status).toBe(503);
    const refused = setup(fakeFetch(fail(400, 5400, "Bad Request")));
    const r502 = await refused.handler(post({}));
    expect(r502.status).toBe(502);
    expect(JSON.stringify(await r502.json())).not.toContain("5400");
    expect(refused.errors).toHaveLength(1);
  });

  it("never reveals the API token, even when the upstream echoes the Authorization header", async () => {
    const echo = fakeFetch((call) =>
      fail(403, 10000, `Authentication error: got ${call.headers.get("authorization")}`, {
        "X-Echo": String(call.headers.get("authorization")),
      }),
    );
    const { handler, errors } = setup(echo);
    const response = await handler(post({}));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect([...response.headers.values()].join(" ")).not.toContain(TOKEN);
    expect(errors).toHaveLength(1);
    const error = errors[0] as Error;
    expect(error.message).toContain("Authentication error");
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.stack)).not.toContain(TOKEN);
  });

  it("answers 413 to a body larger than 16 KiB without parsing it", async () => {
    const { handler, fetch } = setup();
    const response = await handler(post({ metadata: { blob: "x".repeat(20_000) } }));
    expect(response.status).toBe(413);
    expect(fetch.calls).toHaveLength(0);
  });

  it("answers 503 with Retry-After while the circuit breaker is open", async () => {
    const fetch = fakeFetch(fail(500, 5500, "Internal Server Error"));
    const { handler } = setup(fetch, { rateLimit: false });
    for (let i = 0; i < 5; i++) expect((await handler(post({}))).status).toBe(503);
    const open = await handler(post({}));
    expect(open.status).toBe(503);
    expect(Number(open.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
    expect(fetch.calls).toHaveLength(5);
  });

  it("answers 500 with a safe message when authorize throws, and reports the error", async () => {
    const { handler, errors } = setup(undefined, {
      authorize: () => {
        throw new Error("session store down");
      },
    });
    const response = await handler(post({}));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("session store");
    expect(errors).toHaveLength(1);
  });
});
