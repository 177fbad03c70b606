import sharp from "sharp";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { manualOnlineSignal } from "./upload-online";
import { Uploader } from "./upload-queue";
import type { UploaderOptions } from "./upload-queue-types";
import { TransportError, type TransportRequest, type TransportResponse } from "./upload-transport";

let png: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  const image = sharp({ create: { width: 40, height: 30, channels: 3, background: "#3a7" } });
  png = new Uint8Array(await image.png().toBuffer());
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const photo = (name = "fox.png") => Object.assign(new Blob([png], { type: "image/png" }), { name });
/** Lets pending promises (file reads, fetch bodies) settle without moving the fake clock. */
const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};
const advance = async (ms: number) => {
  await flush();
  await vi.advanceTimersByTimeAsync(ms);
  await flush();
};

const provisioned = (n: number) =>
  new Response(JSON.stringify({ id: `img-${n}`, uploadURL: `https://upload.test/${n}`, expiresAt: null }), {
    status: 200,
  });
const cloudflare = (status: number, errors: { code: number; message: string }[] = [], id = "") =>
  ({
    status,
    body: JSON.stringify({
      success: errors.length === 0,
      errors,
      result: errors.length ? null : { id, variants: [] },
    }),
  }) satisfies TransportResponse;

/** The app endpoint: answers from `script` in turn (then a fresh upload URL), recording every request body. */
function fakeFetch(script: (Response | Error)[] = []) {
  const bodies: Record<string, unknown>[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    const next = script.shift();
    if (next instanceof Error) throw next;
    return next ?? provisioned(bodies.length);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies, calls: () => fetch.mock.calls.length };
}

/** Cloudflare's upload edge, answered by hand: each request waits until the test settles it. */
function fakeTransport() {
  const requests: (TransportRequest & {
    answer: (r: TransportResponse) => void;
    fail: (e: Error) => void;
  })[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const transport = {
    send: (request: TransportRequest) =>
      new Promise<TransportResponse>((resolve, reject) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const settle = () => inFlight--;
        request.signal.addEventListener("abort", () => {
          settle();
          reject(new TransportError("abort"));
        });
        requests.push({
          ...request,
          answer: (r) => {
            settle();
            resolve(r);
          },
          fail: (e) => {
            settle();
            reject(e);
          },
        });
      }),
  };
  const last = () => {
    const request = requests[requests.length - 1];
    if (!request) throw new Error("no upload request was sent");
    return request;
  };
  return { transport, requests, last, maxInFlight: () => maxInFlight };
}

function setup(options: Partial<UploaderOptions> = {}, script: (Response | Error)[] = []) {
  const api = fakeFetch(script);
  const edge = fakeTransport();
  const online = manualOnlineSignal(true);
  const uploader = new Uploader({
    endpoint: "/api/uploads",
    fetch: api.fetch,
    transport: edge.transport,
    online,
    random: () => 0,
    ...options,
  });
  const file = (i = 0) => uploader.getSnapshot().files[i];
  return { uploader, api, edge, online, file };
}

describe("Uploader pipeline", () => {
  it("validates, provisions with the file's description, sends and reports done with the image id", async () => {
    const confirm = vi.fn(async (result: { id: string }) => `saved ${result.id}`);
    const { uploader, api, edge, file } = setup({ metadata: { album: "trip" }, confirm });
    const [id] = uploader.add([photo("fox.png")]);
    await flush();
    expect(file()?.status).toBe("uploading");
    expect(api.bodies[0]).toEqual({
      filename: "fox.png",
      size: png.length,
      type: "image/png",
      metadata: { album: "trip" },
      draftKey: id,
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

describe("Uploader recovery, per failure kind", () => {
  it("invalid: refuses a file that is not an image with validateFile's reason, without any request", async () => {
    const { uploader, api, edge, file } = setup();
    uploader.add([Object.assign(new Blob(["<!doctype html><p>hi</p>"]), { name: "notes.png" })]);
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "invalid", retryable: false } });
    expect(file()?.failure?.message).toMatch(/notes\.png.*HTML/);
    expect(api.calls()).toBe(0);
    expect(edge.requests).toHaveLength(0);
    uploader.retry(file()?.id ?? "");
    expect(file()?.status).toBe("failed");
  });

  it("provision: a 503 from the endpoint is shown with its wait, retried, and then succeeds", async () => {
    const unavailable = new Response(
      JSON.stringify({ error: { message: "The image service is unavailable" } }),
      {
        status: 503,
        headers: { "Retry-After": "2" },
      },
    );
    const { uploader, api, edge, file } = setup({}, [unavailable]);
    uploader.add([photo()]);
    await flush();
    expect(file()).toMatchObject({
      status: "provisioning",
      failure: { kind: "provision", retryable: true, status: 503 },
    });
    expect(file()?.failure?.message).toBe(
      "We couldn't reach the image service, so fox.png was not uploaded (The image service is unavailable). Try again in 2 seconds.",
    );
    await advance(1_999);
    expect(api.calls()).toBe(1);
    await advance(1);
    expect(api.calls()).toBe(2);
    expect(file()).toMatchObject({ status: "uploading", failure: undefined });
    edge.last().answer(cloudflare(200, [], "img-2"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("provision: a refusal by the endpoint (401) is not retried and keeps its reason", async () => {
    const signedOut = new Response(JSON.stringify({ error: { message: "Sign in to upload images." } }), {
      status: 401,
    });
    const { uploader, api, file } = setup({}, [signedOut]);
    uploader.add([photo()]);
    await advance(10_000);
    expect(api.calls()).toBe(1);
    expect(file()).toMatchObject({
      status: "failed",
      failure: { kind: "provision", retryable: false, status: 401 },
    });
    expect(file()?.failure?.message).toContain("(Sign in to upload images)");
  });

  it("transfer: a network error is retried with the same upload URL, without provisioning again", async () => {
    const { uploader, api, edge, file } = setup();
    uploader.add([photo()]);
    await flush();
    edge.last().fail(new TransportError("network"));
    await flush();
    expect(file()?.failure).toMatchObject({ kind: "transfer", retryable: true });
    expect(file()?.failure?.message).toBe(
      "The upload of fox.png was interrupted (the connection was lost). Your file is kept: retry without choosing it again.",
    );
    await advance(500);
    expect(edge.requests.map((r) => r.url)).toEqual(["https://upload.test/1", "https://upload.test/1"]);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
    expect(api.calls()).toBe(1);
  });

  it("transfer: after the automatic attempts, retry() sends the kept file again", async () => {
    const { uploader, edge, file } = setup({ retry: { attempts: 2 } });
    uploader.add([photo()]);
    for (let i = 0; i < 2; i++) {
      await advance(1_000);
      edge.last().answer({ status: 502, body: "Bad gateway" });
    }
    await flush();
    expect(file()).toMatchObject({
      status: "failed",
      failure: { kind: "transfer", retryable: true, status: 502 },
    });
    uploader.retry(file()?.id ?? "");
    await flush();
    expect(edge.requests).toHaveLength(3);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("rejected: Cloudflare's 5455 is not retried and shows Cloudflare's reason", async () => {
    const { uploader, edge, file } = setup();
    uploader.add([photo()]);
    await flush();
    edge
      .last()
      .answer(cloudflare(415, [{ code: 5455, message: "Uploaded image must have image/jpeg, image/png…" }]));
    await advance(60_000);
    expect(edge.requests).toHaveLength(1);
    expect(file()).toMatchObject({
      status: "failed",
      failure: { kind: "rejected", retryable: false, status: 415 },
    });
    expect(file()?.failure?.message).toBe(
      "Cloudflare refused fox.png (Uploaded image must have image/jpeg, image/png…). Choose a different file or export it again.",
    );
  });

  it("expired: an expired upload URL is provisioned again once, silently", async () => {
    const { uploader, api, edge, file } = setup();
    uploader.add([photo()]);
    await flush();
    edge
      .last()
      .answer(cloudflare(400, [{ code: 5400, message: "Bad Request: this upload URL has expired" }]));
    await flush();
    expect(api.calls()).toBe(2);
    expect(file()).toMatchObject({ status: "uploading", failure: undefined });
    expect(edge.last().url).toBe("https://upload.test/2");
    edge
      .last()
      .answer(
        cloudflare(400, [{ code: 5400, message: "Bad Request: this upload URL has already been used" }]),
      );
    await flush();
    expect(api.calls()).toBe(2);
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "transfer", retryable: true } });
  });

  it("offline: files wait with the offline message and start when the browser is back online", async () => {
    const { uploader, api, edge, online, file } = setup();
    online.set(false);
    uploader.add([photo()]);
    await advance(60_000);
    expect(api.calls()).toBe(0);
    expect(uploader.getSnapshot().online).toBe(false);
    expect(file()).toMatchObject({ status: "queued", failure: { kind: "offline" } });
    expect(file()?.failure?.message).toBe(
      "You're offline. fox.png will upload when your connection is back.",
    );
    online.set(true);
    await flush();
    expect(file()).toMatchObject({ status: "uploading", failure: undefined });
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("offline: an upload broken by the connection loss waits for the network without using up retries", async () => {
    const { uploader, edge, online, file } = setup({ retry: { attempts: 1 } });
    uploader.add([photo()]);
    await flush();
    online.set(false);
    edge.last().fail(new TransportError("network"));
    await advance(60_000);
    expect(file()).toMatchObject({ status: "uploading", failure: { kind: "offline" } });
    expect(edge.requests).toHaveLength(1);
    online.set(true);
    await flush();
    expect(edge.requests).toHaveLength(2);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("cancelled: cancel() aborts the transport's signal, and retry() starts again", async () => {
    const { uploader, edge, file } = setup();
    const [id = ""] = uploader.add([photo()]);
    await flush();
    uploader.cancel(id);
    expect(edge.last().signal.aborted).toBe(true);
    await flush();
    expect(file()).toMatchObject({ status: "failed", failure: { kind: "cancelled", retryable: true } });
    expect(file()?.failure?.message).toBe("The upload of fox.png was cancelled. Retry to upload it again.");
    uploader.retry(id);
    await flush();
    expect(edge.requests).toHaveLength(2);
    edge.last().answer(cloudflare(200, [], "img-1"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("unavailable: after the breaker's threshold, later files fail fast with the seconds to wait", async () => {
    const down = () => new TypeError("Failed to fetch");
    const { uploader, api, file } = setup(
      { retry: { attempts: 1 }, breaker: { threshold: 2, openMs: 30_000 } },
      [down(), down()],
    );
    uploader.add([photo("a.png"), photo("b.png")]);
    await flush();
    expect(file(0)?.failure?.kind).toBe("provision");
    expect(file(1)?.failure?.kind).toBe("provision");
    await advance(10_000);
    uploader.add([photo("c.png")]);
    await flush();
    expect(api.calls()).toBe(2);
    expect(file(2)).toMatchObject({ status: "failed", failure: { kind: "unavailable", retryable: true } });
    expect(file(2)?.failure?.message).toBe(
      "The image service is having trouble, so c.png was not sent. Try again in 20 seconds.",
    );
    await advance(20_000);
    uploader.retryAll();
    await flush();
    // The breaker lets one trial through and fails the others fast; the trial's success sends them again.
    expect(api.calls()).toBe(5);
    expect(uploader.getSnapshot().files.map((f) => f.status)).toEqual([
      "uploading",
      "uploading",
      "uploading",
    ]);
  });

  it("uses the app's messages instead of the English defaults", async () => {
    const { uploader, file } = setup({ messages: { cancelled: (c) => `${c.name} annulé` } });
    const [id = ""] = uploader.add([photo()]);
    uploader.cancel(id);
    expect(file()?.failure?.message).toBe("fox.png annulé");
  });
});
