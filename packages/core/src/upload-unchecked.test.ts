import { afterEach, describe, expect, it, vi } from "vitest";
import { cloudflare, flush, setup, useUploadTestClock } from "./upload-fakes.test-helper";

// The checks are imported with the first file. Here that import fails, as it does offline or after a deployment
// removed the chunk (the browser then keeps failing it until a reload).
vi.mock("./validate-on-demand", () => ({
  validateFile: () => Promise.reject(new TypeError("Failed to fetch dynamically imported module")),
}));

useUploadTestClock();
afterEach(() => vi.restoreAllMocks());

const page = () => Object.assign(new Blob(["<!doctype html><p>hi</p>"]), { name: "notes.png" });

describe("Uploader when the file checks cannot be loaded", () => {
  it("sends the file unchecked instead of failing it, and says why in development", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { uploader, api, edge, file } = setup();
    uploader.add([page()]);
    await flush();
    expect(api.calls()).toBe(1);
    expect(edge.requests).toHaveLength(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("notes.png is sent unchecked");
    // Cloudflare checks every upload: its refusal is shown with its own reason.
    edge.last().answer(cloudflare(415, [{ code: 5455, message: "Bad request: unsupported image format" }]));
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "rejected", retryable: false } });
    expect(file()?.failure?.message).toContain("unsupported image format");
  });

  it("still stops a file that is cancelled while it would be checked", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { uploader, api, file } = setup();
    uploader.add([page()]);
    uploader.cancel(file()?.id ?? "");
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "cancelled" } });
    expect(api.calls()).toBe(0);
  });
});
