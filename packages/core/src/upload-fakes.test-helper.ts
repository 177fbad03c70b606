import sharp from "sharp";
import { afterEach, beforeAll, beforeEach, vi } from "vitest";
import { memoryBreakerStore } from "./breaker";
import { manualOnlineSignal } from "./upload-online";
import { Uploader } from "./upload-queue";
import type { UploaderOptions } from "./upload-queue-types";
import { TransportError, type TransportRequest, type TransportResponse } from "./upload-transport";

/**
 * Fakes at the network edge for the `Uploader` tests (the app endpoint and Cloudflare's upload URL), and the fake
 * clock. Call `useUploadTestClock()` at the top of a test file.
 */

/** A real 40×30 PNG, made before the tests run. */
export let png: Uint8Array<ArrayBuffer>;

/** Makes `png` and fakes `setTimeout` and `Date` around each test, as the retry and stall timers need. */
export function useUploadTestClock(): void {
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
}

export const photo = (name = "fox.png") => Object.assign(new Blob([png], { type: "image/png" }), { name });
/** Lets pending promises (file reads, fetch bodies) settle without moving the fake clock. */
export const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};
export const advance = async (ms: number) => {
  await flush();
  await vi.advanceTimersByTimeAsync(ms);
  await flush();
};

export const provisioned = (n: number) =>
  new Response(JSON.stringify({ id: `img-${n}`, uploadURL: `https://upload.test/${n}`, expiresAt: null }), {
    status: 200,
  });
export const cloudflare = (
  status: number,
  errors: { code: number; message: string }[] = [],
  id = "",
  variants: string[] = [],
) =>
  ({
    status,
    body: JSON.stringify({
      success: errors.length === 0,
      errors,
      result: errors.length ? null : { id, variants },
    }),
  }) satisfies TransportResponse;

/** A JSON answer of the app endpoint. */
export const endpoint = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/** Cloudflare's answer to a one-time URL that was already used. */
export const spentUrl = () =>
  cloudflare(400, [{ code: 5400, message: "Bad Request: this upload URL has already been used" }]);

/** The bytes of a blob, to compare what was sent or stored with the original. */
export const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The app endpoint: answers from `script` in turn (then a fresh upload URL), recording every request body. */
export function fakeFetch(script: (Response | Error)[] = []) {
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
export function fakeTransport() {
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

/** An `Uploader` wired to a fresh fake endpoint (answering from `script`), fake upload edge and online signal. */
export function setup(options: Partial<UploaderOptions> = {}, script: (Response | Error)[] = []) {
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
    // Each test's own breaker state: the default store is shared over BroadcastChannel, across tests too.
    breaker: { store: memoryBreakerStore(), ...options.breaker },
  });
  const file = (i = 0) => uploader.getSnapshot().files[i];
  return { uploader, api, edge, online, file };
}
