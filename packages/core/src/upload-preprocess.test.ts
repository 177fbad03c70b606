import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import {
  bytesOf,
  cloudflare,
  flush,
  photo,
  png,
  setup,
  useUploadTestClock,
} from "./upload-fakes.test-helper";
import type { UploadedImage } from "./upload-queue-types";

useUploadTestClock();

describe("Uploader preprocess and onUploaded", () => {
  it("adds the measured size and BlurHash to the metadata, and sends the smaller file instead", async () => {
    const small = new Blob(["smaller bytes"], { type: "image/webp" });
    const preprocess = vi.fn(async (_file: Blob, _signal: AbortSignal) => ({
      width: 640,
      height: 480,
      blurhash: "LKO2?U%2Tw=w",
      file: small,
    }));
    const onUploaded = vi.fn();
    const { uploader, api, edge, file } = setup({ metadata: { album: "trip" }, preprocess, onUploaded });
    const [id] = uploader.add([photo("fox.png")]);
    await flush();
    expect(await bytesOf(preprocess.mock.calls[0]?.[0] ?? new Blob())).toEqual(png);
    const meta = { album: "trip", width: 640, height: 480, blurhash: "LKO2?U%2Tw=w" };
    expect(api.bodies[0]).toMatchObject({ metadata: meta, size: small.size, type: "image/webp" });
    expect(await bytesOf(edge.last().file)).toEqual(await bytesOf(small));
    edge.last().answer(cloudflare(200, [], "img-1", ["https://imagedelivery.net/h/img-1/public", "x/thumb"]));
    await flush();
    expect(file()?.result).toMatchObject({
      id: "img-1",
      width: 640,
      height: 480,
      blurhash: "LKO2?U%2Tw=w",
      meta,
    });
    expect(onUploaded).toHaveBeenCalledExactlyOnceWith({
      id: "img-1",
      url: "https://imagedelivery.net/h/img-1/public",
      width: 640,
      height: 480,
      blurhash: "LKO2?U%2Tw=w",
      meta,
      name: "fox.png",
      fileId: id,
    });
  });

  it("a preprocess that throws does not fail the upload: the original is sent without size or BlurHash", async () => {
    const preprocess = vi.fn(async () => {
      throw new Error("cannot decode");
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const onUploaded = vi.fn();
    const { uploader, api, edge, file } = setup({ metadata: { album: "trip" }, preprocess, onUploaded });
    uploader.add([photo()]);
    await flush();
    expect(api.bodies[0]).toMatchObject({ metadata: { album: "trip" }, size: png.length });
    expect(await bytesOf(edge.last().file)).toEqual(png);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
    expect(onUploaded).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ id: "img-1", url: undefined, width: undefined, meta: { album: "trip" } }),
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("cannot decode"));
    warn.mockRestore();
  });

  it("cancelling while preprocess runs aborts its signal and never provisions", async () => {
    let signal: AbortSignal | undefined;
    const preprocess = vi.fn(
      (_file: Blob, s: AbortSignal) =>
        new Promise<{ width: number; height: number }>((_resolve, reject) => {
          signal = s;
          s.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    );
    const { uploader, api, file } = setup({ preprocess });
    const [id = ""] = uploader.add([photo()]);
    await flush();
    expect(file()?.status).toBe("validating");
    uploader.cancel(id);
    await flush();
    expect(signal?.aborted).toBe(true);
    expect(file()?.failure?.kind).toBe("cancelled");
    expect(api.calls()).toBe(0);
  });

  it("calls onUploaded once per file, and a throwing onUploaded leaves the file done", async () => {
    const thrown: unknown[] = [];
    const onUploaded = vi.fn((_image: UploadedImage) => {
      throw new Error("app bug");
    });
    const catcher = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", catcher);
    const { uploader, edge } = setup({ onUploaded });
    uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    for (const request of edge.requests) request.answer(cloudflare(200, [], "x"));
    await flush();
    process.off("uncaughtException", catcher);
    expect(uploader.getSnapshot().files.map((f) => f.status)).toEqual(["done", "done"]);
    expect(onUploaded.mock.calls.map(([image]) => image.name)).toEqual(["a.png", "b.png"]);
    expect(thrown).toHaveLength(2);
  });
});

describe("Uploader downscale", () => {
  // Too large by one byte; a copy of the same bytes does not help, a real smaller PNG does.
  const shrink = async () => ({ width: 32, height: 32, file: new Blob([png], { type: "image/png" }) });
  const limits = () => ({ maxBytes: png.length - 1 });

  it("refuses a file that is only too large when downscaling is off, without preprocessing it", async () => {
    const preprocess = vi.fn(shrink);
    const { uploader, api, file } = setup({ validate: limits(), preprocess });
    uploader.add([photo()]);
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "invalid" } });
    expect(preprocess).not.toHaveBeenCalled();
    expect(api.bodies).toHaveLength(0);
  });

  it("with downscale, sends the smaller copy once it fits", async () => {
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const smaller = new Blob([new Uint8Array(tiny)], { type: "image/png" });
    const { uploader, api, file } = setup({
      validate: limits(),
      downscale: true,
      preprocess: async () => ({ width: 32, height: 32, file: smaller }),
    });
    uploader.add([photo()]);
    await flush();
    expect(file()?.failure).toBeUndefined();
    expect(api.bodies[0]).toMatchObject({ size: smaller.size });
  });

  it("with downscale, still refuses the file when the copy does not fit, or is of another kind of problem", async () => {
    const { uploader, api, file } = setup({ validate: limits(), downscale: true, preprocess: shrink });
    uploader.add([photo()]);
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "invalid" } });
    expect(file()?.failure?.message).toMatch(/Choose a smaller file/);
    expect(api.bodies).toHaveLength(0);
  });
});

describe("Uploader prepares the next files ahead", () => {
  it("checks and measures queued files while the slots are busy, so a free slot goes straight to provisioning", async () => {
    const preprocess = vi.fn(async () => ({ width: 40, height: 30 }));
    const { uploader, api, edge, file } = setup({ concurrency: 1, preprocess });
    uploader.add([photo("a.png"), photo("b.png"), photo("c.png")]);
    await flush();
    // a is sending; b is measured already while it waits; c waits beyond the look-ahead of one slot.
    expect(edge.requests).toHaveLength(1);
    expect(preprocess).toHaveBeenCalledTimes(2);
    expect(file(1)?.status).toBe("queued");
    edge.last().answer(cloudflare(200, [], "img-a"));
    await flush();
    expect(api.bodies.map((b) => b.filename)).toEqual(["a.png", "b.png"]);
    expect(preprocess).toHaveBeenCalledTimes(3);
  });

  it("a file cancelled while it is prepared ahead is prepared afresh when retried", async () => {
    const aborted: string[] = [];
    let calls = 0;
    // b.png's first measurement never ends (until aborted); every other one is quick.
    const preprocess = vi.fn((file: Blob, signal: AbortSignal) => {
      const name = (file as Blob & { name?: string }).name ?? "";
      if (name !== "b.png" || calls++ > 0) return Promise.resolve({ width: 40, height: 30 });
      return new Promise<{ width: number; height: number }>((_resolve, reject) =>
        signal.addEventListener("abort", () => {
          aborted.push(name);
          reject(signal.reason);
        }),
      );
    });
    const { uploader, api, edge, file } = setup({ concurrency: 1, preprocess });
    const [, second = ""] = uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    uploader.cancel(second);
    expect(aborted).toEqual(["b.png"]);
    expect(file(1)).toMatchObject({ status: "failed", failure: { kind: "cancelled" } });
    uploader.retry(second);
    edge.last().answer(cloudflare(200, [], "img-a"));
    await flush();
    expect(preprocess).toHaveBeenCalledTimes(3);
    expect(api.bodies.map((b) => b.filename)).toEqual(["a.png", "b.png"]);
  });
});

describe("Uploader keeps the metadata within Cloudflare's 1024 bytes", () => {
  const measured = { width: 640, height: 480, blurhash: "L".repeat(60) };
  // The app's metadata is checked alone; with the measurements and the endpoint's draftKey it would not fit.
  const note = (bytes: number) => ({ note: "x".repeat(bytes) });

  it("leaves out the BlurHash, then the size, rather than fail the upload", async () => {
    const roomy = setup({ metadata: note(800), preprocess: async () => measured });
    roomy.uploader.add([photo()]);
    await flush();
    expect(roomy.api.bodies[0]?.metadata).toMatchObject({
      width: 640,
      height: 480,
      blurhash: measured.blurhash,
    });

    const tight = setup({ metadata: note(900), preprocess: async () => measured });
    tight.uploader.add([photo()]);
    await flush();
    expect(tight.api.bodies[0]?.metadata).toEqual({ ...note(900), width: 640, height: 480 });

    const full = setup({ metadata: note(960), preprocess: async () => measured });
    full.uploader.add([photo()]);
    await flush();
    expect(full.api.bodies[0]?.metadata).toEqual(note(960));
  });
});
