import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultEndpoint } from "./faults";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, envelope, form, png, postFile, uploaded } from "./test-support";

let emu: Emulator;
let image: Buffer;
let id: string;
beforeAll(async () => {
  emu = await startEmulator();
  image = await png(32, 32);
  ({ id } = await uploaded(emu, image));
});
afterAll(() => emu.stop());

/** One request to each endpoint, as a client would make it. */
const requests: Record<FaultEndpoint, () => Promise<Response>> = {
  api: () => api(emu, `v1/${id}`),
  direct_upload: () => api(emu, "v2/direct_upload", { method: "POST", body: form({ creator: "x" }) }),
  upload: async () => postFile((await directUpload(emu)).uploadURL, image),
  delivery: () => fetch(`${emu.url}/${emu.accountHash}/${id}/public`),
};
const endpoints = Object.keys(requests) as FaultEndpoint[];

describe.each(endpoints)("faults on %s", (endpoint) => {
  it("status: fails once with the given status, then recovers", async () => {
    emu.faults.add({ endpoint, kind: "status", status: 503 });
    const failed = await requests[endpoint]();
    expect(failed.status).toBe(503);
    if (endpoint === "delivery") expect(failed.headers.get("cf-resized")).toBe("err=9500");
    else expect((await envelope(failed)).errors[0]?.code).toBe(5500);
    expect((await requests[endpoint]()).status).toBe(200);
  });

  it("rate_limit: 429 with Retry-After", async () => {
    emu.faults.add({ endpoint, kind: "rate_limit", retryAfter: 3 });
    const limited = await requests[endpoint]();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("delay: answers normally after the delay", async () => {
    emu.faults.add({ endpoint, kind: "delay", delayMs: 150 });
    const started = Date.now();
    expect((await requests[endpoint]()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("drop: the client sees a network error, and the next request works", async () => {
    emu.faults.add({ endpoint, kind: "drop" });
    await expect(requests[endpoint]().then((r) => r.arrayBuffer())).rejects.toThrow();
    expect((await requests[endpoint]()).status).toBe(200);
  });

  it("lose_response: the request is served but the client sees a network error", async () => {
    emu.faults.add({ endpoint, kind: "lose_response" });
    await expect(requests[endpoint]().then((r) => r.arrayBuffer())).rejects.toThrow();
    expect(emu.faults.list()).toEqual([]);
    expect((await requests[endpoint]()).status).toBe(200);
  });
});

describe("fault side effects", () => {
  it("a dropped upload stores nothing", async () => {
    const before = (await envelope(await api(emu, "v1/stats"))).result;
    emu.faults.add({ endpoint: "upload", kind: "drop" });
    await expect(requests.upload()).rejects.toThrow();
    expect((await envelope(await api(emu, "v1/stats"))).result).toEqual(before);
  });

  it("a lost upload response still stores the image: the draft is gone and the URL is used", async () => {
    const { id: lost, uploadURL } = await directUpload(emu);
    emu.faults.add({ endpoint: "upload", kind: "lose_response" });
    await expect(postFile(uploadURL, image)).rejects.toThrow();
    const stored = (await envelope(await api(emu, `v1/${lost}`))).result;
    expect(stored).toMatchObject({ id: lost, filename: "photo.png" });
    expect(stored).not.toHaveProperty("draft");
    expect((await postFile(uploadURL, image)).status).toBe(400);
  });

  it("a lost direct_upload response still creates the draft", async () => {
    emu.faults.add({ endpoint: "direct_upload", kind: "lose_response" });
    const body = form({ id: "lost/draft" });
    await expect(api(emu, "v2/direct_upload", { method: "POST", body })).rejects.toThrow();
    expect((await envelope(await api(emu, "v1/lost/draft"))).result).toMatchObject({ draft: true });
  });
});
