import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, envelope, png, postFile, uploaded } from "./test-support";

let emu: Emulator;
let image: Buffer;
let id: string;
beforeAll(async () => {
  emu = await startEmulator();
  image = await png(64, 64);
  ({ id } = await uploaded(emu, image));
});
afterAll(() => emu.stop());

const deliveryUrl = () => `${emu.url}/${emu.accountHash}/${id}/public`;
const faultApi = (init: RequestInit = {}, suffix = "") =>
  fetch(`${emu.url}/__darkroom/faults${suffix}`, init);
const postFault = (body: unknown) =>
  faultApi({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("status faults", () => {
  it("fail the next N API requests with the given status and envelope, then stop", async () => {
    emu.faults.add({
      endpoint: "api",
      kind: "status",
      status: 503,
      code: 5503,
      message: "Server Unavailable",
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const response = await api(emu, `v1/${id}`);
      expect(response.status).toBe(503);
      expect(await envelope(response)).toMatchObject({ success: false, errors: [{ code: 5503 }] });
    }
    expect((await api(emu, `v1/${id}`)).status).toBe(200);
  });

  it("hit only their endpoint: direct_upload faults leave other API calls alone", async () => {
    emu.faults.add({ endpoint: "direct_upload", kind: "status" });
    expect((await api(emu, `v1/${id}`)).status).toBe(200);
    const response = await api(emu, "v2/direct_upload", { method: "POST", body: new FormData() });
    expect(response.status).toBe(500);
    expect((await envelope(response)).errors[0]?.code).toBe(5500);
  });

  it("answer delivery requests in the delivery style", async () => {
    emu.faults.add({ endpoint: "delivery", kind: "status", status: 502, code: 9502 });
    const response = await fetch(deliveryUrl());
    expect(response.status).toBe(502);
    expect(response.headers.get("cf-resized")).toBe("err=9502");
  });
});

describe("other fault kinds", () => {
  it("rate_limit answers 429 with Retry-After", async () => {
    emu.faults.add({ endpoint: "api", kind: "rate_limit", retryAfter: 7 });
    const response = await api(emu, "v1");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect((await envelope(response)).errors[0]?.code).toBe(971);
  });

  it("delay holds the request before answering normally", async () => {
    emu.faults.add({ endpoint: "delivery", kind: "delay", delayMs: 300 });
    const started = Date.now();
    const response = await fetch(deliveryUrl());
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("drop on delivery cuts the response body short", async () => {
    emu.faults.add({ endpoint: "delivery", kind: "drop" });
    const response = await fetch(deliveryUrl());
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect((await fetch(deliveryUrl())).status).toBe(200);
  });

  it("drop on upload destroys the connection while reading; the draft stays usable", async () => {
    const { id: draft, uploadURL } = await directUpload(emu);
    emu.faults.add({ endpoint: "upload", kind: "drop" });
    await expect(postFile(uploadURL, image)).rejects.toThrow();
    expect((await envelope(await api(emu, `v1/${draft}`))).result).toMatchObject({ draft: true });
    expect((await postFile(uploadURL, image)).status).toBe(200);
  });

  it("expire_upload expires the upload URL early, for good", async () => {
    const { uploadURL } = await directUpload(emu);
    emu.faults.add({ endpoint: "upload", kind: "expire_upload" });
    for (let i = 0; i < 2; i++) {
      const response = await postFile(uploadURL, image);
      expect(response.status).toBe(400);
      expect((await envelope(response)).errors[0]?.message).toMatch(/expired/);
    }
  });

  it("reject_content refuses a valid image with 400 / 5455 once", async () => {
    const { uploadURL } = await directUpload(emu);
    emu.faults.add({ endpoint: "upload", kind: "reject_content" });
    const response = await postFile(uploadURL, image);
    expect(response.status).toBe(400);
    expect((await envelope(response)).errors[0]?.code).toBe(5455);
    expect((await postFile(uploadURL, image)).status).toBe(200);
  });
});

describe("the fault HTTP API", () => {
  it("adds, lists, removes one and clears all", async () => {
    const added = await envelope(await postFault({ endpoint: "api", kind: "status", persistent: true }));
    expect(added.success).toBe(true);
    await postFault({ faults: [{ endpoint: "delivery", kind: "delay", delayMs: 1 }] });
    const listed = (await envelope(await faultApi())).result as {
      faults: { id: string; remaining: unknown }[];
    };
    expect(listed.faults).toHaveLength(2);
    expect(listed.faults[0]?.remaining).toBeNull();
    expect((await api(emu, "v1")).status).toBe(500);
    expect((await api(emu, "v1")).status).toBe(500);
    await faultApi({ method: "DELETE" }, `/${listed.faults[0]?.id}`);
    expect((await api(emu, "v1")).status).toBe(200);
    await faultApi({ method: "DELETE" });
    expect(((await envelope(await faultApi())).result as { faults: unknown[] }).faults).toEqual([]);
  });

  it("sets lose_response over HTTP: the upload is stored, its answer never arrives", async () => {
    const { id: lost, uploadURL } = await directUpload(emu);
    expect((await postFault({ endpoint: "upload", kind: "lose_response" })).status).toBe(200);
    await expect(postFile(uploadURL, image)).rejects.toThrow();
    expect((await envelope(await api(emu, `v1/${lost}`))).result).not.toHaveProperty("draft");
  });

  it("refuses invalid faults with 400, without CORS headers", async () => {
    const response = await postFault({ endpoint: "moon", kind: "status" });
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect((await postFault({ endpoint: "api", kind: "expire_upload" })).status).toBe(400);
    expect((await postFault({ endpoint: "api", kind: "status", probability: 2 })).status).toBe(400);
  });
});

describe("the faults API is closed to other origins", () => {
  it("refuses bodies a page can send cross-origin without a preflight with 415, and adds nothing", async () => {
    await faultApi({ method: "DELETE" });
    const fault = JSON.stringify({ endpoint: "delivery", kind: "status", persistent: true });
    const simple: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      { "content-type": "text/plain; a=application/json" },
      {},
    ];
    for (const headers of simple) {
      const response = await faultApi({
        method: "POST",
        headers: { ...headers, origin: "https://evil.example" },
        body: fault,
      });
      expect(response.status, JSON.stringify(headers)).toBe(415);
      expect(await envelope(response)).toMatchObject({ success: false, errors: [{ code: 5415 }] });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(emu.faults.list()).toEqual([]);
    expect((await fetch(deliveryUrl())).status).toBe(200);
  });

  it("sends no CORS headers on any answer, preflight included", async () => {
    const origin = { origin: "https://evil.example" };
    const preflight = await faultApi({
      method: "OPTIONS",
      headers: {
        ...origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-headers")).toBeNull();
    const listed = await faultApi({ headers: origin });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBeNull();
    const added = await postFault({ endpoint: "api", kind: "delay", delayMs: 1 });
    expect(added.status).toBe(200);
    expect(added.headers.get("access-control-allow-origin")).toBeNull();
    await faultApi({ method: "DELETE" });
  });

  it("accepts JSON content types with parameters or a +json suffix", async () => {
    for (const type of ["application/json; charset=utf-8", "application/vnd.darkroom+json"]) {
      const body = JSON.stringify({ endpoint: "api", kind: "delay", delayMs: 1 });
      expect((await faultApi({ method: "POST", headers: { "content-type": type }, body })).status).toBe(200);
    }
    await faultApi({ method: "DELETE" });
  });
});

describe("probability faults", () => {
  /** Which of 20 API calls fail under a 50% persistent fault with this seed. */
  async function pattern(seed: number): Promise<boolean[]> {
    const run = await startEmulator({ seed });
    try {
      run.faults.add({ endpoint: "api", kind: "status", persistent: true, probability: 0.5 });
      const out: boolean[] = [];
      for (let i = 0; i < 20; i++) out.push((await api(run, "v1")).status === 500);
      return out;
    } finally {
      await run.stop();
    }
  }

  it("replay identically for a seed and differ across seeds", async () => {
    const a = await pattern(42);
    expect(await pattern(42)).toEqual(a);
    expect(a).toContain(true);
    expect(a).toContain(false);
    expect(await pattern(7)).not.toEqual(a);
  });
});
