import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, envelope, form, png, raw } from "./test-support";

let emu: Emulator;
let errors: ReturnType<typeof vi.spyOn>;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => {
  errors = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
});

const code = async (response: Response) => (await envelope(response)).errors[0]?.code;

describe("client mistakes are 400s, not crashes", () => {
  it("malformed percent-encoding in the upload URL, API and faults paths: 400 / 5400", async () => {
    const upload = await fetch(`${emu.url}/${emu.accountHash}/%E0%A4%A`, { method: "POST", body: form({}) });
    expect(upload.status).toBe(400);
    expect(await code(upload)).toBe(5400);
    const get = await api(emu, "v1/%ZZbad");
    expect(get.status).toBe(400);
    expect(await code(get)).toBe(5400);
    const account = await fetch(`${emu.url}/client/v4/accounts/%C0%AF/images/v1`, {
      headers: { authorization: `Bearer ${emu.apiToken}` },
    });
    expect(account.status).toBe(400);
    const fault = await fetch(`${emu.url}/__darkroom/faults/%E0%A4%A`, { method: "DELETE" });
    expect(fault.status).toBe(400);
    expect(await code(fault)).toBe(5400);
  });

  it("malformed percent-encoding in a delivery path: 400 with Cf-Resized err=9432", async () => {
    const response = await fetch(`${emu.url}/${emu.accountHash}/%E0%A4%A/public`);
    expect(response.status).toBe(400);
    expect(response.headers.get("cf-resized")).toBe("err=9432");
  });

  it("a request target that is not a URL: 400 in the envelope, and the server keeps serving", async () => {
    for (const target of ["http://[::1/x", "http://a:b:c/", "http://%/", "*"]) {
      const answer = await raw(emu.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
    }
    expect((await api(emu, "v1/stats")).status).toBe(200);
  });

  it("deeply nested metadata JSON: 400 / 5400 on upload, direct_upload and PATCH", async () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    const nested = `{"a":${deep}}`;
    const v1 = await api(emu, "v1", {
      method: "POST",
      body: form({ metadata: nested, file: [await png(4, 4), "a.png"] }),
    });
    expect(v1.status).toBe(400);
    expect(await code(v1)).toBe(5400);
    const draft = await api(emu, "v2/direct_upload", { method: "POST", body: form({ metadata: nested }) });
    expect(draft.status).toBe(400);
    const { id } = await directUpload(emu);
    const patch = await api(emu, `v1/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: `{"metadata":${nested}}`,
    });
    expect(patch.status).toBe(400);
    expect(await code(patch)).toBe(5400);
    const variant = await api(emu, "v1/variants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"id":"deep","options":{"fit":"cover","width":10,"x":${deep}}}`,
    });
    expect(variant.status).toBe(400);
    const brackets = `metadata${"[a]".repeat(30_000)}`;
    const sdk = await api(emu, "v1", {
      method: "POST",
      body: form({ [brackets]: "x", file: [await png(4, 4), "a.png"] }),
    });
    expect(sdk.status).toBe(400);
    expect(await code(sdk)).toBe(5400);
  });
});
