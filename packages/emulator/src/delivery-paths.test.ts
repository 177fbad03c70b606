import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, png, uploaded } from "./test-support";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

describe("delivery paths", () => {
  it("decode percent-encoded custom ids (a literal % is sent as %25)", async () => {
    const { id, variants } = await uploaded(emu, await png(8, 8), { id: "100% real/ünïcode name.png" });
    expect(variants[0]).toBe(
      `${emu.url}/cdn-cgi/imagedelivery/${emu.accountHash}/100%25%20real/%C3%BCn%C3%AFcode%20name.png/public`,
    );
    expect(id).toBe("100% real/ünïcode name.png");
    expect((await fetch(variants[0] as string)).status).toBe(200);
  });

  it("answer HEAD with the headers and no body", async () => {
    const { variants } = await uploaded(emu, await png(8, 8));
    const response = await fetch(variants[0] as string, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("answer 404 / 9431 for paths too short to be an image", async () => {
    const response = await fetch(`${emu.url}/${emu.accountHash}/only-id`);
    expect(response.status).toBe(404);
    expect(response.headers.get("cf-resized")).toBe("err=9431");
  });
});

describe("flexible variant options", () => {
  it("apply dpr, named qualities, explicit formats, pad and never-enlarging crop", async () => {
    await api(emu, "v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flexible_variants: true }),
    });
    const { id } = await uploaded(emu, await png(200, 100));
    const info = async (options: string) => {
      const response = await fetch(`${emu.url}/${emu.accountHash}/${id}/${options}`, {
        headers: { accept: "*/*" },
      });
      expect(response.status).toBe(200);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      return [meta.format, meta.width, meta.height, response.headers.get("vary")];
    };
    expect(await info("w=50,dpr=2")).toEqual(["png", 100, 50, "Accept"]);
    expect(await info("w=100,q=high,f=webp")).toEqual(["webp", 100, 50, null]);
    expect(await info("w=80,h=80,fit=pad,f=jpeg")).toEqual(["jpeg", 80, 80, null]);
    expect(await info("w=400,h=400,fit=crop")).toEqual(["png", 200, 100, "Accept"]);
    expect(await info("w=400,h=400,fit=cover")).toEqual(["png", 400, 400, "Accept"]);
    const bad = await fetch(`${emu.url}/${emu.accountHash}/${id}/w=100,dpr=3`);
    expect(bad.status).toBe(400);
  });
});
