import { describe, expect, it } from "vitest";
import { advance, cloudflare, flush, photo, setup, useUploadTestClock } from "./upload-fakes.test-helper";
import { TransportError } from "./upload-transport";

useUploadTestClock();

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

  it("unauthorized: a 401 says sign in with the server's reason, is not retried by itself, and can be retried", async () => {
    const signedOut = new Response(
      JSON.stringify({ error: { code: "unauthorized", message: "Sign in to upload images." } }),
      { status: 401 },
    );
    const { uploader, api, edge, file } = setup({}, [signedOut]);
    uploader.add([photo()]);
    await advance(10_000);
    expect(api.calls()).toBe(1);
    expect(file()).toMatchObject({
      status: "failed",
      failure: { kind: "unauthorized", retryable: true, status: 401 },
    });
    expect(file()?.failure?.message).toBe(
      "Sign in to upload fox.png (Sign in to upload images), then retry.",
    );
    // Signed in now: the same file goes on the person's retry, without choosing it again.
    uploader.retry(file()?.id ?? "");
    await flush();
    expect(api.calls()).toBe(2);
    edge.last().answer(cloudflare(200, [], "img-2"));
    await flush();
    expect(file()?.status).toBe("done");
  });

  it("unauthorized: a 403 says the user may not upload, and many of them never open the breaker", async () => {
    const forbidden = () =>
      new Response(JSON.stringify({ error: { code: "forbidden", message: "Uploads are for members." } }), {
        status: 403,
      });
    const { uploader, api, edge, file } = setup({ breaker: { threshold: 2, openMs: 30_000 } }, [
      forbidden(),
      forbidden(),
      forbidden(),
    ]);
    uploader.add([photo(), photo(), photo()]);
    await advance(1_000);
    const failures = uploader.getSnapshot().files.map((f) => f.failure);
    expect(failures.map((f) => f?.kind)).toEqual(["unauthorized", "unauthorized", "unauthorized"]);
    expect(failures[0]?.message).toBe("You're not allowed to upload fox.png (Uploads are for members).");
    expect(api.calls()).toBe(3);
    // The breaker stayed closed: a fourth file is sent to the endpoint instead of failing fast as "unavailable".
    uploader.add([photo()]);
    await flush();
    expect(api.calls()).toBe(4);
    edge.last().answer(cloudflare(200, [], "img-4"));
    await flush();
    expect(file(3)?.status).toBe("done");
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
