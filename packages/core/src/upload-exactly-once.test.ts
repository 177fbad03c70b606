import { describe, expect, it, vi } from "vitest";
import {
  cloudflare,
  endpoint,
  flush,
  photo,
  provisioned,
  setup,
  spentUrl,
  useUploadTestClock,
} from "./upload-fakes.test-helper";
import { TransportError } from "./upload-transport";

useUploadTestClock();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Uploader sends each file at most once", () => {
  it("gives every file its own random draftKey", async () => {
    const { uploader, api } = setup();
    uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    const [a, b] = api.bodies.map((body) => String(body.draftKey));
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it("skips the transfer when the endpoint answers that this draft key is already stored", async () => {
    const confirm = vi.fn(async () => "ok");
    const onUploaded = vi.fn();
    const { uploader, edge, file } = setup({ confirm, onUploaded }, [
      endpoint({ id: "img-9", uploaded: true, variants: ["https://imagedelivery.net/h/img-9/public"] }),
    ]);
    uploader.add([photo()]);
    await flush();
    expect(edge.requests).toHaveLength(0);
    expect(file()).toMatchObject({ status: "done", result: { id: "img-9", confirmed: "ok" } });
    expect(confirm).toHaveBeenCalledOnce();
    expect(onUploaded).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ id: "img-9", url: "https://imagedelivery.net/h/img-9/public" }),
    );
  });

  it("an answer lost after the body went out: the spent URL is replaced under the same key, and not sent twice", async () => {
    const onUploaded = vi.fn();
    const { uploader, api, edge, file } = setup({ onUploaded }, [
      provisioned(1),
      endpoint({ id: "img-1", uploaded: true }),
    ]);
    uploader.add([photo()]);
    await flush();
    // The image was stored, but the connection broke before Cloudflare's answer arrived.
    edge.last().fail(new TransportError("network"));
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    await flush();
    expect(edge.requests.map((r) => r.url)).toEqual(["https://upload.test/1", "https://upload.test/1"]);
    edge.last().answer(spentUrl());
    await flush();
    expect(api.bodies).toHaveLength(2);
    expect(api.bodies[1]?.draftKey).toBe(api.bodies[0]?.draftKey);
    // Only the second request tells the endpoint to look for an earlier upload of this draft.
    expect(api.bodies.map((body) => body.retry)).toEqual([undefined, true]);
    expect(edge.requests).toHaveLength(2);
    expect(file()).toMatchObject({ status: "done", result: { id: "img-1" } });
    expect(onUploaded).toHaveBeenCalledOnce();
  });

  it("retry() after the file failed asks the endpoint again with the same key", async () => {
    const down = () => new TypeError("Failed to fetch");
    const { uploader, api, edge, file } = setup({ retry: { attempts: 1 } }, [down()]);
    const [id = ""] = uploader.add([photo()]);
    await flush();
    expect(file()?.status).toBe("failed");
    uploader.retry(id);
    await flush();
    expect(api.bodies).toHaveLength(2);
    expect(api.bodies[1]?.draftKey).toBe(api.bodies[0]?.draftKey);
    edge.last().answer(cloudflare(200, [], "img-2"));
    await flush();
    expect(file()?.status).toBe("done");
  });
});
