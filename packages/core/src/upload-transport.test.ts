import { afterEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_MIN_BYTES, TransportError, xhrTransport } from "./upload-transport";

/** Just enough of XMLHttpRequest to drive `xhrTransport` in Node; the real one is covered in Chromium. */
class FakeXhr extends EventTarget {
  static last: FakeXhr | undefined;
  upload: { onprogress?: (event: ProgressEvent) => void } = {};
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  method = "";
  url = "";
  sent: FormData | undefined;
  constructor() {
    super();
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.last = undefined;
});

/** A file just over the size from which progress is reported, starting with "12345678". */
const big = new Blob(["12345678", new Uint8Array(PROGRESS_MIN_BYTES)], { type: "image/png" });
const request = (signal = new AbortController().signal, onProgress = vi.fn(), file = big) => ({
  url: "https://upload.imagedelivery.net/abc",
  file,
  fields: { requireSignedURLs: "false" },
  signal,
  onProgress,
});

describe("xhrTransport", () => {
  it("listens to upload progress only above PROGRESS_MIN_BYTES, so small files skip the CORS preflight", () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const small = new Blob([new Uint8Array(PROGRESS_MIN_BYTES)], { type: "image/png" });
    void xhrTransport.send(request(undefined, vi.fn(), small));
    expect(FakeXhr.last?.upload.onprogress).toBeUndefined();
    void xhrTransport.send(request());
    expect(FakeXhr.last?.upload.onprogress).toBeTypeOf("function");
  });

  it("POSTs the file as the form field `file`, reports progress and resolves with any status", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const onProgress = vi.fn();
    const sending = xhrTransport.send(request(undefined, onProgress));
    const xhr = FakeXhr.last as FakeXhr;
    expect([xhr.method, xhr.url]).toEqual(["POST", "https://upload.imagedelivery.net/abc"]);
    expect(xhr.sent?.get("requireSignedURLs")).toBe("false");
    const sentFile = xhr.sent?.get("file");
    expect(sentFile).toBeInstanceOf(Blob);
    expect((await (sentFile as Blob).text()).slice(0, 8)).toBe("12345678");
    xhr.upload.onprogress?.({ loaded: 4, total: 300, lengthComputable: true } as ProgressEvent);
    expect(onProgress).toHaveBeenCalledWith(4, 300);
    Object.assign(xhr, { status: 415, responseText: '{"success":false}' });
    xhr.onload?.();
    await expect(sending).resolves.toEqual({ status: 415, body: '{"success":false}' });
  });

  it("rejects with a network error when no answer came", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const sending = xhrTransport.send(request());
    FakeXhr.last?.onerror?.();
    await expect(sending).rejects.toMatchObject({ kind: "network" });
  });

  it("aborts the request when the signal aborts, and does not start one for an aborted signal", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const controller = new AbortController();
    const sending = xhrTransport.send(request(controller.signal));
    controller.abort();
    await expect(sending).rejects.toEqual(new TransportError("abort"));
    FakeXhr.last = undefined;
    await expect(xhrTransport.send(request(controller.signal))).rejects.toMatchObject({ kind: "abort" });
    expect(FakeXhr.last).toBeUndefined();
  });
});
