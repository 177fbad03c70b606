import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, png, uploaded } from "./test-support";

let emu: Emulator;
let id: string;
beforeAll(async () => {
  emu = await startEmulator({ flexibleVariants: true });
  ({ id } = await uploaded(emu, await png(60, 40)));
});
afterAll(() => emu.stop());

const get = (variant: string, accept = "image/webp,*/*") =>
  fetch(`${emu.url}/${emu.accountHash}/${id}/${variant}`, { headers: { accept } });
const dims = async (response: Response) => {
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return [meta.width, meta.height];
};

describe("the final output size bounds every request", () => {
  it("refuses an output enlarged past 12,000 px by dpr (403 / 9413), quickly", async () => {
    const started = Date.now();
    for (const variant of [
      "w=12000,h=12000,fit=pad,dpr=2",
      "w=12000,fit=contain,dpr=2",
      "w=7000,fit=cover,dpr=2",
    ]) {
      const response = await get(variant);
      expect(response.status, variant).toBe(403);
      expect(response.headers.get("cf-resized")).toBe("err=9413");
      await response.arrayBuffer();
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("refuses more than 100 megapixels of output even with each side within 12,000 px", async () => {
    const response = await get("w=12000,h=12000,fit=pad");
    expect(response.status).toBe(403);
    expect(response.headers.get("cf-resized")).toBe("err=9413");
  });

  it("bounds named variants by the same rule", async () => {
    const body = { id: "huge", options: { fit: "pad", width: 12_000, height: 12_000, metadata: "none" } };
    const created = await api(emu, "v1/variants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(200);
    const response = await get("huge");
    expect(response.status).toBe(403);
    expect(response.headers.get("cf-resized")).toBe("err=9413");
  });

  it("still serves outputs up to the limit, dpr included (scale-down never enlarges)", async () => {
    expect(await dims(await get("w=50,dpr=2,fit=contain"))).toEqual([100, 67]);
    expect(await dims(await get("w=12000,dpr=2"))).toEqual([60, 40]);
    expect(await dims(await get("w=1000,h=1000,fit=contain,dpr=2", "image/jpeg"))).toEqual([2000, 1333]);
  });
});
