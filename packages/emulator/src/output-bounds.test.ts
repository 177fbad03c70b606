import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, png, uploaded } from "./test-support";
import { checkOutput, outputSize, parseFlexible } from "./transform";

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

describe("checkOutput", () => {
  const check = (options: string, width: number, height: number) => () =>
    checkOutput(parseFlexible(options), width, height);

  it("allows exactly 12,000 px per side and 100 MP, and refuses one pixel more", () => {
    expect(check("w=6000,fit=contain,dpr=2", 60, 40)).not.toThrow();
    expect(check("w=6001,fit=contain,dpr=2", 60, 40)).toThrow(/12002 × 8001/);
    expect(check("w=10000,h=10000,fit=pad", 60, 40)).not.toThrow();
    expect(check("w=10000,h=10001,fit=cover", 60, 40)).toThrow(/9413|too large/);
    expect(check("h=12000,fit=contain", 40, 60)).not.toThrow();
  });

  it("computes the size sharp produces for each fit", () => {
    const size = (options: string) => outputSize(parseFlexible(options), 1080, 720);
    expect(size("w=500,h=500")).toEqual({ width: 500, height: 333 });
    expect(size("w=500,h=500,fit=cover")).toEqual({ width: 500, height: 500 });
    expect(size("w=2000,h=2000,fit=crop")).toEqual({ width: 1080, height: 720 });
    expect(size("w=2000,fit=contain")).toEqual({ width: 2000, height: 1333 });
    expect(size("w=2000,h=100,fit=pad")).toEqual({ width: 2000, height: 100 });
    expect(size("w=2000")).toEqual({ width: 1080, height: 720 });
  });
});
