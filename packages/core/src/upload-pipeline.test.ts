import sharp from "sharp";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { manualOnlineSignal } from "./upload-online";
import { Uploader } from "./upload-queue";
import type { UploaderOptions } from "./upload-queue-types";
import { TransportError, type TransportRequest } from "./upload-transport";

let png: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  png = new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123" } })
      .png()
      .toBuffer(),
  );
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const photo = (name: string) => Object.assign(new Blob([png], { type: "image/png" }), { name });
const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** An endpoint that always provisions, and an upload edge whose answers the test controls per request. */
function setup(options: Partial<UploaderOptions> = {}, validForMs?: number) {
  let provisions = 0;
  const fetch = vi.fn(async () => {
    provisions++;
    const expiresAt = validForMs === undefined ? undefined : new Date(Date.now() + validForMs).toISOString();
    const body = { id: `img-${provisions}`, uploadURL: `https://up.test/${provisions}`, expiresAt };
    return new Response(JSON.stringify(body));
  }) as unknown as typeof globalThis.fetch;
  const sends: (TransportRequest & { ok: () => void; broken: () => void })[] = [];
  const transport = {
    send: (request: TransportRequest) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.signal.addEventListener("abort", () => reject(new TransportError("abort")));
        const ok = () =>
          resolve({ status: 200, body: JSON.stringify({ success: true, result: { id: "cf-1" } }) });
        const broken = () => reject(new TransportError("network"));
        sends.push({ ...request, ok, broken });
      }),
  };
  const uploader = new Uploader({ endpoint: "/up", fetch, transport, random: () => 0, ...options });
  return {
    uploader,
    sends,
    provisions: () => provisions,
    statuses: () => uploader.getSnapshot().files.map((f) => f.status),
  };
}

describe("Uploader pipeline steps", () => {
  it("a failed confirm is retryable and retrying only confirms again, without sending the file twice", async () => {
    const confirm = vi
      .fn()
      .mockRejectedValueOnce(new Error("database is down"))
      .mockResolvedValueOnce("row 7");
    const { uploader, sends, provisions } = setup({ confirm });
    const [id = ""] = uploader.add([photo("a.png")]);
    await flush();
    sends[0]?.ok();
    await flush();
    const failed = uploader.getSnapshot().files[0];
    expect(failed).toMatchObject({ status: "failed", failure: { kind: "transfer", retryable: true } });
    expect(failed?.failure?.message).toContain("it could not be confirmed: database is down");
    uploader.retry(id);
    await flush();
    expect(uploader.getSnapshot().files[0]).toMatchObject({
      status: "done",
      result: { id: "cf-1", confirmed: "row 7" },
    });
    expect([sends.length, provisions()]).toEqual([1, 1]);
  });

  it("cancelling during the wait before an automatic retry stops the retries", async () => {
    const { uploader, sends } = setup();
    const [id = ""] = uploader.add([photo("a.png")]);
    await flush();
    sends[0]?.broken();
    await flush();
    expect(uploader.getSnapshot().files[0]?.failure?.retryAt).toBe(Date.now() + 500);
    uploader.cancel(id);
    await vi.advanceTimersByTimeAsync(60_000);
    await flush();
    expect(sends).toHaveLength(1);
    expect(uploader.getSnapshot().files[0]?.failure?.kind).toBe("cancelled");
  });

  it("a retry after the upload URL's expiry time provisions a new URL instead of sending to the dead one", async () => {
    const { uploader, sends, provisions } = setup({ retry: { attempts: 1 } }, 60_000);
    const [id = ""] = uploader.add([photo("a.png")]);
    await flush();
    sends[0]?.broken();
    await flush();
    await vi.advanceTimersByTimeAsync(30_000);
    uploader.retry(id);
    await flush();
    expect(sends.map((s) => s.url)).toEqual(["https://up.test/1", "https://up.test/1"]);
    sends[1]?.broken();
    await flush();
    await vi.advanceTimersByTimeAsync(30_000);
    uploader.retry(id);
    await flush();
    expect(provisions()).toBe(2);
    expect(sends[2]?.url).toBe("https://up.test/2");
  });

  it("cancelling while the endpoint is answering sends nothing and stays cancelled", async () => {
    let answer = (_response: Response) => {};
    const fetch = (() =>
      new Promise<Response>((resolve) => {
        answer = resolve;
      })) as unknown as typeof globalThis.fetch;
    const { uploader, sends } = setup({ fetch });
    const [id = ""] = uploader.add([photo("a.png")]);
    await flush();
    expect(uploader.getSnapshot().files[0]?.status).toBe("provisioning");
    uploader.cancel(id);
    answer(new Response(JSON.stringify({ id: "late", uploadURL: "https://up.test/late" })));
    await flush();
    expect(sends).toHaveLength(0);
    expect(uploader.getSnapshot().files[0]).toMatchObject({
      status: "failed",
      failure: { kind: "cancelled" },
    });
  });

  it("setOptions raises the concurrency of a running queue", async () => {
    const { uploader, sends, statuses } = setup({ concurrency: 1 });
    uploader.add(["a", "b", "c"].map((n) => photo(`${n}.png`)));
    await flush();
    expect(statuses()).toEqual(["uploading", "queued", "queued"]);
    uploader.setOptions({ concurrency: 3 });
    await flush();
    expect(statuses()).toEqual(["uploading", "uploading", "uploading"]);
    for (const send of sends) send.ok();
    await flush();
    expect(statuses()).toEqual(["done", "done", "done"]);
  });

  it("destroy aborts every upload and stops following the online signal", async () => {
    const online = manualOnlineSignal();
    const { uploader, sends } = setup({ online });
    uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    uploader.destroy();
    expect(sends.map((s) => s.signal.aborted)).toEqual([true, true]);
    online.set(false);
    expect(uploader.getSnapshot().online).toBe(true);
  });
});
