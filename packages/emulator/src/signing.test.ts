import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { signPath } from "./signing";
import { api, directUpload, png, postFile, uploaded } from "./test-support";

let emu: Emulator;
let id: string;
beforeAll(async () => {
  emu = await startEmulator();
  ({ id } = await uploaded(emu, await png(300, 200), { requireSignedURLs: "true" }));
});
afterAll(() => emu.stop());

/** Signs `path` with optional `exp` the way Cloudflare's docs describe. */
const signed = (path: string, exp?: number, key = emu.signingKey) => {
  const query = new URLSearchParams(exp === undefined ? {} : { exp: String(exp) });
  query.set("sig", signPath(path, query, key));
  return `${emu.url}${path}?${query}`;
};
const later = () => Math.floor(Date.now() / 1000) + 3600;
const expectDenied = async (response: Response) => {
  expect(response.status).toBe(403);
  expect(response.headers.get("cf-resized")).toBe("err=9425");
};

describe("signPath", () => {
  it("matches Cloudflare's documented worked example", () => {
    const path = "/cheeW4oKsx5ljh8e8BoL2A/bc27a117-9509-446b-8c69-c81bfeac0a01/mobile";
    expect(signPath(path, new URLSearchParams({ exp: "1631289275" }), "example-signing-key")).toBe(
      "4b715c36545beca2c56e6eb22bcaff6491e66eaeb526747311d6e19962217666",
    );
  });
});

describe("private images", () => {
  it("are served with a valid signature and a future exp", async () => {
    const response = await fetch(signed(`/${emu.accountHash}/${id}/public`, later()));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
  });

  it("shorten Cache-Control to the signature's remaining life", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const response = await fetch(signed(`/${emu.accountHash}/${id}/public`, exp));
    const age = Number(response.headers.get("cache-control")?.match(/max-age=(\d+)/)?.[1]);
    expect(age).toBeGreaterThan(590);
    expect(age).toBeLessThanOrEqual(600);
  });

  it("apply to direct uploads created with requireSignedURLs", async () => {
    const { id: direct, uploadURL } = await directUpload(emu, { requireSignedURLs: "true" });
    expect((await postFile(uploadURL, await png(10, 10))).status).toBe(200);
    await expectDenied(await fetch(`${emu.url}/${emu.accountHash}/${direct}/public`));
    expect((await fetch(signed(`/${emu.accountHash}/${direct}/public`, later()))).status).toBe(200);
  });

  it("are served with a valid signature and no exp", async () => {
    expect((await fetch(signed(`/${emu.accountHash}/${id}/public`))).status).toBe(200);
  });

  it("are signed over the path as requested, including /cdn-cgi/imagedelivery/", async () => {
    const path = `/cdn-cgi/imagedelivery/${emu.accountHash}/${id}/public`;
    expect((await fetch(signed(path, later()))).status).toBe(200);
  });

  it("are refused without a signature", async () => {
    await expectDenied(await fetch(`${emu.url}/${emu.accountHash}/${id}/public`));
  });

  it("are refused with a tampered signature, exp or path", async () => {
    const good = signed(`/${emu.accountHash}/${id}/public`, later());
    await expectDenied(await fetch(good.replace(/sig=(.)/, (_, c) => `sig=${c === "a" ? "b" : "a"}`)));
    await expectDenied(await fetch(good.replace(/exp=\d+/, `exp=${later() + 99}`)));
    await expectDenied(await fetch(signed(`/${emu.accountHash}/${id}/public`, later(), "wrong-key")));
  });

  it("are refused once exp has passed", async () => {
    await expectDenied(
      await fetch(signed(`/${emu.accountHash}/${id}/public`, Math.floor(Date.now() / 1000) - 1)),
    );
  });

  it("accept keys created through the keys API and refuse deleted ones", async () => {
    const created = await api(emu, "v1/keys/second", { method: "PUT" });
    const keys = ((await created.json()) as { result: { keys: { name: string; value: string }[] } }).result
      .keys;
    const second = keys.find((k) => k.name === "second")?.value as string;
    expect(keys.map((k) => k.name)).toEqual(["default", "second"]);
    expect((await fetch(signed(`/${emu.accountHash}/${id}/public`, later(), second))).status).toBe(200);
    await api(emu, "v1/keys/second", { method: "DELETE" });
    await expectDenied(await fetch(signed(`/${emu.accountHash}/${id}/public`, later(), second)));
  });

  it("bypass signing on a neverRequireSignedURLs variant", async () => {
    await api(emu, "v1/variants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "open", options: { width: 100 }, neverRequireSignedURLs: true }),
    });
    const response = await fetch(`${emu.url}/${emu.accountHash}/${id}/open`);
    expect(response.status).toBe(200);
  });

  it("refuse flexible variants even when signed", async () => {
    await api(emu, "v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flexible_variants: true }),
    });
    await expectDenied(await fetch(signed(`/${emu.accountHash}/${id}/w=100`, later())));
  });

  it("become public again when PATCHed to requireSignedURLs: false", async () => {
    const { id: other } = await uploaded(emu, await png(20, 20), { requireSignedURLs: "true" });
    await expectDenied(await fetch(`${emu.url}/${emu.accountHash}/${other}/public`));
    await api(emu, `v1/${other}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ requireSignedURLs: false }),
    });
    expect((await fetch(`${emu.url}/${emu.accountHash}/${other}/public`)).status).toBe(200);
  });
});
