import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { api, directUpload, jpeg, png, uploaded } from "./test-support";

let emu: Emulator;
let id: string;
beforeAll(async () => {
  emu = await startEmulator();
  ({ id } = await uploaded(emu, await jpeg(1080, 720), { id: "photos/fox.jpg" }));
});
afterAll(() => emu.stop());

const get = (path: string, accept = "image/jpeg") => fetch(`${emu.url}${path}`, { headers: { accept } });
const size = async (response: Response) => {
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return [meta.format, meta.width, meta.height];
};
const json = (body: unknown) => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const setConfig = (body: unknown) => api(emu, "v1/config", { method: "PATCH", ...json(body) });

describe("named variants", () => {
  it("serves the public variant (scale-down 1366×768) as JPEG with cache headers", async () => {
    const response = await get(`/${emu.accountHash}/${id}/public`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=172800");
    expect(response.headers.get("vary")).toBe("Accept");
    expect(await size(response)).toEqual(["jpeg", 1080, 720]);
  });

  it("negotiates AVIF then WebP from Accept", async () => {
    expect((await size(await get(`/${emu.accountHash}/${id}/public`, "image/avif,image/webp,*/*")))[0]).toBe(
      "heif",
    );
    const webp = await get(`/${emu.accountHash}/${id}/public`, "image/webp,*/*");
    expect(webp.headers.get("content-type")).toBe("image/webp");
    expect((await size(webp))[0]).toBe("webp");
  });

  it("serves WebP instead of AVIF above 1,200 px per side, as Cloudflare caps AVIF output", async () => {
    const big = await startEmulator();
    const { id: wide } = await uploaded(big, await jpeg(2000, 1000));
    await api(big, "v1/config", { method: "PATCH", ...json({ flexible_variants: true }) });
    const avif = "image/avif,image/webp,*/*";
    const at = (variant: string) =>
      fetch(`${big.url}/${big.accountHash}/${wide}/${variant}`, { headers: { accept: avif } });
    expect(await size(await at("w=1200"))).toEqual(["heif", 1200, 600]);
    expect(await size(await at("w=1201"))).toEqual(["webp", 1201, 601]);
    expect(await size(await at("public"))).toEqual(["webp", 1366, 683]);
    await big.stop();
  });

  it("serves the same bytes under /cdn-cgi/imagedelivery/", async () => {
    const a = await get(`/${emu.accountHash}/${id}/public`);
    const b = await get(`/cdn-cgi/imagedelivery/${emu.accountHash}/${id}/public`);
    expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(true);
  });

  it("reports cache MISS then HIT for the same derived image", async () => {
    const path = `/${emu.accountHash}/${id}/public`;
    const fresh = await startEmulator();
    const { id: other } = await uploaded(fresh, await png(50, 50));
    const first = await fetch(`${fresh.url}/${fresh.accountHash}/${other}/public`);
    const second = await fetch(`${fresh.url}/${fresh.accountHash}/${other}/public`);
    expect(first.headers.get("x-darkroom-cache")).toBe("MISS");
    expect(second.headers.get("x-darkroom-cache")).toBe("HIT");
    await fresh.stop();
    expect((await get(path)).headers.get("x-darkroom-cache")).toBe("HIT");
  });

  it("applies each fit mode of a created variant", async () => {
    const expected: Record<string, [number, number]> = {
      "scale-down": [500, 333],
      contain: [500, 333],
      cover: [500, 500],
      crop: [500, 500],
      pad: [500, 500],
    };
    for (const [fit, dims] of Object.entries(expected)) {
      const name = `box${fit.replace("-", "")}`;
      const created = await api(emu, "v1/variants", {
        method: "POST",
        ...json({ id: name, options: { fit, width: 500, height: 500, metadata: "none" } }),
      });
      expect(created.status).toBe(200);
      expect(await size(await get(`/${emu.accountHash}/${id}/${name}`))).toEqual(["jpeg", ...dims]);
    }
  });

  it("never enlarges with scale-down but does with contain", async () => {
    const { id: small } = await uploaded(emu, await png(100, 50));
    await api(emu, "v1/variants", {
      method: "POST",
      ...json({ id: "big", options: { fit: "contain", width: 400 } }),
    });
    expect(await size(await get(`/${emu.accountHash}/${small}/public`))).toEqual(["png", 100, 50]);
    expect(await size(await get(`/${emu.accountHash}/${small}/big`))).toEqual(["png", 400, 200]);
  });
});

describe("flexible variants", () => {
  it("are refused with 403 and Cf-Resized: err=9429 while disabled", async () => {
    const response = await get(`/${emu.accountHash}/${id}/w=200`);
    expect(response.status).toBe(403);
    expect(response.headers.get("cf-resized")).toBe("err=9429");
  });

  it("resize, crop, set quality and format once enabled", async () => {
    expect((await setConfig({ flexible_variants: true })).status).toBe(200);
    expect(await size(await get(`/${emu.accountHash}/${id}/w=200`))).toEqual(["jpeg", 200, 133]);
    expect(await size(await get(`/${emu.accountHash}/${id}/width=300,height=300,fit=cover,f=png`))).toEqual([
      "png",
      300,
      300,
    ]);
    const low = await get(`/${emu.accountHash}/${id}/w=400,q=20`);
    const high = await get(`/${emu.accountHash}/${id}/w=400,q=95`);
    expect((await low.arrayBuffer()).byteLength).toBeLessThan((await high.arrayBuffer()).byteLength);
    const bad = await get(`/${emu.accountHash}/${id}/w=abc`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("cf-resized")).toBe("err=9401");
  });

  it("honour browser_ttl from the account config, overridden per variant", async () => {
    await setConfig({ browser_ttl: 3600 });
    expect((await get(`/${emu.accountHash}/${id}/public`)).headers.get("cache-control")).toBe(
      "public, max-age=3600",
    );
    expect((await setConfig({ browser_ttl: 10 })).status).toBe(400);
    await api(emu, "v1/variants", {
      method: "POST",
      ...json({ id: "longlived", options: { width: 100, browser_ttl: 86_400 } }),
    });
    const variant = await get(`/${emu.accountHash}/${id}/longlived`);
    expect(variant.headers.get("cache-control")).toBe("public, max-age=86400");
    await setConfig({ browser_ttl: 172_800 });
  });
});

describe("delivery errors", () => {
  it("answers 403 / 9427 for a wrong account hash", async () => {
    const response = await get(`/wronghash/${id}/public`);
    expect(response.status).toBe(403);
    expect(response.headers.get("cf-resized")).toBe("err=9427");
  });

  it("answers 404 for unknown images, drafts, deleted images and unknown variants", async () => {
    const { id: draft } = await directUpload(emu);
    const { id: doomed } = await uploaded(emu, await png(10, 10));
    await api(emu, `v1/${doomed}`, { method: "DELETE" });
    for (const missing of ["nope", draft, doomed]) {
      const response = await get(`/${emu.accountHash}/${missing}/public`);
      expect(response.status).toBe(404);
      expect(response.headers.get("cf-resized")).toBe("err=9404");
    }
    const variant = await get(`/${emu.accountHash}/${id}/nosuchvariant`);
    expect(variant.status).toBe(404);
    expect(variant.headers.get("cf-resized")).toBe("err=9431");
  });

  it("serves SVG as-is under any variant", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const { id: icon } = await uploaded(emu, svg);
    const response = await get(`/${emu.accountHash}/${icon}/public`);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(Buffer.from(await response.arrayBuffer()).equals(svg)).toBe(true);
  });
});
