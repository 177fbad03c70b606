import { describe, expect, it, vi } from "vitest";
import {
  advance,
  cloudflare,
  flush,
  photo,
  png,
  setup,
  useUploadTestClock,
} from "./upload-fakes.test-helper";

useUploadTestClock();

describe("Uploader pipeline", () => {
  it("validates, provisions with the file's description, sends and reports done with the image id", async () => {
    const confirm = vi.fn(async (result: { id: string }) => `saved ${result.id}`);
    const { uploader, api, edge, file } = setup({ metadata: { album: "trip" }, confirm });
    const [_id] = uploader.add([photo("fox.png")]);
    await flush();
    expect(file()?.status).toBe("uploading");
    expect(api.bodies[0]).toEqual({
      filename: "fox.png",
      size: png.length,
      type: "image/png",
      metadata: { album: "trip" },
      draftKey: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
    });
    expect(edge.last().url).toBe("https://upload.test/1");
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()).toMatchObject({ status: "done", progress: 1, bytesUploaded: png.length });
    expect(file()?.result).toMatchObject({ id: "img-1", confirmed: "saved img-1" });
  });

  it("shows progress and an ETA from the recent speed", async () => {
    const { uploader, edge, file } = setup();
    uploader.add([photo()]);
    await flush();
    const total = png.length;
    edge.last().onProgress(0, total);
    await advance(1000);
    edge.last().onProgress(Math.round(total / 4), total);
    expect(file()?.progress).toBeCloseTo(0.25, 1);
    expect(file()?.bytesUploaded).toBe(Math.round(total / 4));
    // A quarter per second: three quarters left is 3 s.
    expect(file()?.eta).toBe(3);
    await advance(1000);
    edge.last().onProgress(Math.round(total / 2), total);
    expect(file()?.eta).toBe(2);
  });

  it("aborts an upload that makes no progress for the stall timeout, and sends it again", async () => {
    const { uploader, edge, file } = setup({ stallTimeout: 10 });
    uploader.add([photo()]);
    await flush();
    const first = edge.last();
    await advance(9_000);
    first.onProgress(10, png.length);
    await advance(9_000);
    expect(first.signal.aborted).toBe(false);
    await advance(1_000);
    expect(first.signal.aborted).toBe(true);
    expect(file()?.failure?.kind).toBe("transfer");
    expect(file()?.failure?.message).toContain("no progress");
    await advance(500);
    expect(edge.requests).toHaveLength(2);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("never has more than 3 files in flight, and finishes all 20", async () => {
    const { uploader, edge } = setup();
    uploader.add(Array.from({ length: 20 }, (_, i) => photo(`photo-${i}.png`)));
    for (
      let round = 0;
      round < 20 && uploader.getSnapshot().files.some((f) => f.status !== "done");
      round++
    ) {
      await flush();
      expect(uploader.getSnapshot().inFlight).toBeLessThanOrEqual(3);
      for (const request of edge.requests.splice(0)) request.answer(cloudflare(200, [], "x"));
    }
    expect(edge.maxInFlight()).toBe(3);
    expect(uploader.getSnapshot().files.map((f) => f.status)).toEqual(Array(20).fill("done"));
  });

  it("keeps the snapshot identity until something changes, and only the changed file's entry", async () => {
    const { uploader, edge } = setup();
    uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    const before = uploader.getSnapshot();
    expect(uploader.getSnapshot()).toBe(before);
    const listener = vi.fn();
    uploader.subscribe(listener);
    uploader.retry(before.files[0]?.id ?? "");
    uploader.cancel("no-such-file");
    expect(listener).not.toHaveBeenCalled();
    expect(uploader.getSnapshot()).toBe(before);
    edge.requests[0]?.onProgress(20, png.length);
    const after = uploader.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.files[1]).toBe(before.files[1]);
    expect(after.files[0]).not.toBe(before.files[0]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("removes a file, aborting its upload", async () => {
    const { uploader, edge } = setup();
    const [id] = uploader.add([photo()]);
    await flush();
    uploader.remove(id ?? "");
    expect(edge.last().signal.aborted).toBe(true);
    expect(uploader.getSnapshot().files).toEqual([]);
  });
});
