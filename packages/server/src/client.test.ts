import { describe, expect, it } from "vitest";
import { fail, fakeFetch, ok, sampleImage, unexpected } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import { CloudflareImagesError, CloudflareNetworkError } from "./errors";

const TOKEN = "tok_SECRET_123";
const noRetry = { attempts: 1 };

function client(fetch: ReturnType<typeof fakeFetch>) {
  return createImagesClient({ accountId: "acc", apiToken: TOKEN, fetch, retry: noRetry, breaker: false });
}

describe("createDirectUpload", () => {
  it("posts the options as multipart form fields with the bearer token and returns id and uploadURL", async () => {
    const fetch = fakeFetch(
      ok({ id: "users/42/cat", uploadURL: "https://upload.imagedelivery.net/H/users/42/cat" }),
    );
    const upload = await client(fetch).createDirectUpload({
      id: "users/42/cat",
      metadata: { album: "summer" },
      requireSignedURLs: false,
      expiry: new Date("2026-11-24T07:00:00Z"),
      creator: "u1",
    });
    expect(upload).toEqual({
      id: "users/42/cat",
      uploadURL: "https://upload.imagedelivery.net/H/users/42/cat",
    });
    const [call] = fetch.calls;
    expect(call?.method).toBe("POST");
    expect(call?.url.href).toBe("https://api.cloudflare.com/client/v4/accounts/acc/images/v2/direct_upload");
    expect(call?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    const form = call?.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(Object.fromEntries(form)).toEqual({
      id: "users/42/cat",
      metadata: '{"album":"summer"}',
      requireSignedURLs: "false",
      expiry: "2026-11-24T07:00:00.000Z",
      creator: "u1",
    });
  });

  it("sends no fields it was not given", async () => {
    const fetch = fakeFetch(ok({ id: "x", uploadURL: "u" }));
    await client(fetch).createDirectUpload();
    const form = fetch.calls[0]?.body;
    expect(form).toBeInstanceOf(FormData);
    expect([...(form as FormData).keys()]).toEqual([]);
  });
});

describe("image calls", () => {
  it("gets an image, encoding each segment of an id with subpaths", async () => {
    const fetch = fakeFetch(
      ok(sampleImage("a b/c?d", { meta: undefined, metadata: { k: "v" }, draft: true })),
    );
    const image = await createImagesClient({
      accountId: "acc",
      apiToken: TOKEN,
      baseUrl: "http://localhost:8787/client/v4/",
      fetch,
    }).getImage("a b/c?d");
    expect(fetch.calls[0]?.url.pathname).toBe("/client/v4/accounts/acc/images/v1/a%20b/c%3Fd");
    expect(image).toMatchObject({ id: "a b/c?d", meta: { k: "v" }, draft: true, creator: null });
  });

  it("updates with a JSON PATCH and returns the new image", async () => {
    const fetch = fakeFetch(ok(sampleImage("img", { requireSignedURLs: true, creator: "u2" })));
    const image = await client(fetch).updateImage("img", { requireSignedURLs: true, creator: "u2" });
    const [call] = fetch.calls;
    expect(call?.method).toBe("PATCH");
    expect(call?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(String(call?.body))).toEqual({ requireSignedURLs: true, creator: "u2" });
    expect(image).toMatchObject({ requireSignedURLs: true, creator: "u2" });
  });

  it("deletes an image", async () => {
    const fetch = fakeFetch(ok({}));
    await expect(client(fetch).deleteImage("users/1/x")).resolves.toBeUndefined();
    expect(fetch.calls[0]?.method).toBe("DELETE");
    expect(fetch.calls[0]?.url.pathname).toBe("/client/v4/accounts/acc/images/v1/users/1/x");
  });
});

describe("errors", () => {
  it("throws a typed, non-retryable error with Cloudflare's codes on 404", async () => {
    const error = await client(fakeFetch(fail(404, 5404, "Image not found")))
      .getImage("nope")
      .then(unexpected, (e: unknown) => e);
    expect(error).toBeInstanceOf(CloudflareImagesError);
    expect(error).toMatchObject({ kind: "http", status: 404, retryable: false, codes: [5404] });
    expect((error as Error).message).toContain("5404 Image not found");
  });

  it("marks 5xx and 429 retryable and reads Retry-After seconds and HTTP dates", async () => {
    const e503 = await client(fakeFetch(fail(503, 5503, "Server Unavailable", { "Retry-After": "7" })))
      .getImage("x")
      .then(unexpected, (e: CloudflareImagesError) => e);
    expect(e503).toMatchObject({ status: 503, retryable: true, retryAfter: 7 });
    const date = new Date(Date.now() + 120_000).toUTCString();
    const e429 = await client(fakeFetch(fail(429, 10000, "Rate limited", { "Retry-After": date })))
      .getImage("x")
      .then(unexpected, (e: CloudflareImagesError) => e);
    expect(e429.retryable).toBe(true);
    expect(e429.retryAfter).toBeGreaterThan(110);
    expect(e429.retryAfter).toBeLessThanOrEqual(120);
  });

  it("treats a 200 with success: false or a non-JSON body as an error", async () => {
    const body = Response.json({ success: false, errors: [{ code: 5400, message: "Bad Request" }] });
    await expect(client(fakeFetch(body)).getImage("x")).rejects.toMatchObject({ codes: [5400] });
    const html = new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    await expect(client(fakeFetch(html)).getImage("x")).rejects.toMatchObject({
      status: 502,
      retryable: true,
    });
  });

  it("tells network failures apart from HTTP errors", async () => {
    const error = await client(fakeFetch(new TypeError("fetch failed")))
      .getImage("x")
      .then(unexpected, (e: unknown) => e);
    expect(error).toBeInstanceOf(CloudflareNetworkError);
    expect(error).toMatchObject({ kind: "network", status: undefined, retryable: true });
  });

  it("redacts the API token when the upstream echoes it", async () => {
    const echo = fakeFetch((call) => fail(403, 10000, `bad header ${call.headers.get("authorization")}`));
    const error = await client(echo)
      .getImage("x")
      .then(unexpected, (e: CloudflareImagesError) => e);
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error.errors)).not.toContain(TOKEN);
    expect(error.message).toContain("[redacted]");
  });

  it("gives up on a hung request after timeoutMs", async () => {
    const hang = fakeFetch(
      (call) =>
        new Promise<Error>((resolve) =>
          call.signal?.addEventListener("abort", () => resolve(new Error("aborted"))),
        ),
    );
    const fast = createImagesClient({
      accountId: "a",
      apiToken: TOKEN,
      fetch: hang,
      timeoutMs: 10,
      retry: noRetry,
    });
    const error = await fast.getImage("x").then(unexpected, (e: unknown) => e);
    expect(error).toBeInstanceOf(CloudflareNetworkError);
    expect((error as Error).message).toContain("timed out after 10 ms");
  });
});
