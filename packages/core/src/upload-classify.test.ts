import { describe, expect, it } from "vitest";
import { classifyFailure } from "./upload-classify";
import { defaultUploadFailureMessages, failureMessage } from "./upload-failures";

const envelope = (code: number, message: string) =>
  JSON.stringify({ success: false, errors: [{ code, message }] });
const NOW = Date.UTC(2026, 0, 1);

describe("classifyFailure", () => {
  it.each([
    [415, 5455, "Unsupported image format"],
    [413, 5413, "Image exceeds the maximum size"],
    [400, 5400, "Bad Request: image dimensions exceed 12000 px"],
  ])(
    "HTTP %i with Cloudflare error %i is a rejection with its reason, never retried",
    (status, code, message) => {
      expect(classifyFailure({ step: "transfer", status, body: envelope(code, message) })).toEqual({
        kind: "rejected",
        retryable: false,
        reason: message,
        status,
      });
    },
  );

  it.each([
    [400, envelope(5400, "Bad Request: this upload URL has expired")],
    [400, envelope(5400, "Bad Request: this upload URL has already been used")],
    [404, "Not Found"],
    [410, ""],
  ])("HTTP %i on a spent upload URL (%s) is expired", (status, body) => {
    expect(classifyFailure({ step: "transfer", status, body })).toMatchObject({
      kind: "expired",
      retryable: true,
    });
  });

  it.each([429, 500, 502, 503, 408])(
    "HTTP %i from the upload edge is a transient transfer failure",
    (status) => {
      expect(classifyFailure({ step: "transfer", status, body: "<html>busy</html>" })).toMatchObject({
        kind: "transfer",
        retryable: true,
        status,
      });
    },
  );

  it("tells network errors, stalls and aborts apart", () => {
    expect(classifyFailure({ step: "transfer", error: "network" })).toMatchObject({
      kind: "transfer",
      retryable: true,
    });
    expect(classifyFailure({ step: "transfer", error: "stall" }).reason).toBe("no progress for too long");
    expect(classifyFailure({ step: "transfer", error: "abort" }).kind).toBe("cancelled");
  });

  it("reads the endpoint's wait from Retry-After, or from its error body", () => {
    const busy = JSON.stringify({
      error: { code: "rate_limited", message: "Too many uploads", retryAfter: 7 },
    });
    expect(classifyFailure({ step: "provision", status: 429, body: busy }, NOW)).toEqual({
      kind: "provision",
      retryable: true,
      retryAfterMs: 7000,
      reason: "Too many uploads",
      status: 429,
    });
    const date = new Date(NOW + 3000).toUTCString();
    expect(
      classifyFailure({ step: "provision", status: 503, body: "", retryAfter: date }, NOW).retryAfterMs,
    ).toBe(3000);
  });

  it("treats an unreachable endpoint as retryable and its 4xx refusals as final", () => {
    expect(classifyFailure({ step: "provision", error: new TypeError("Failed to fetch") })).toEqual({
      kind: "provision",
      retryable: true,
      reason: "Failed to fetch",
    });
    const body = JSON.stringify({ error: { message: "metadata must be at most 1024 bytes of JSON." } });
    expect(classifyFailure({ step: "provision", status: 400, body })).toMatchObject({
      retryable: false,
      status: 400,
    });
    const refused = JSON.stringify({
      error: { code: "upstream_error", message: "The image service refused the request." },
    });
    expect(classifyFailure({ step: "provision", status: 502, body: refused }).retryable).toBe(false);
    expect(
      classifyFailure({ step: "provision", status: 502, body: "<html>Bad gateway</html>" }).retryable,
    ).toBe(true);
  });
});

describe("failure messages", () => {
  it("say what happened and what to do, with the seconds to wait", () => {
    expect(failureMessage("unavailable", { name: "fox.jpg", seconds: 1 })).toBe(
      "The image service is having trouble, so fox.jpg was not sent. Try again in 1 second.",
    );
    expect(failureMessage("provision", { name: "fox.jpg" })).toBe(
      "We couldn't reach the image service, so fox.jpg was not uploaded. Try again.",
    );
    expect(failureMessage("invalid", { name: "a.txt", reason: "a.txt is a text file, not an image." })).toBe(
      "a.txt is a text file, not an image.",
    );
  });

  it("can be replaced per kind; the others keep their defaults", () => {
    const messages = { offline: (c: { name: string }) => `Hors ligne : ${c.name}` };
    expect(failureMessage("offline", { name: "x.png" }, messages)).toBe("Hors ligne : x.png");
    expect(failureMessage("expired", { name: "x.png" }, messages)).toBe(
      defaultUploadFailureMessages.expired({ name: "x.png" }),
    );
  });
});
