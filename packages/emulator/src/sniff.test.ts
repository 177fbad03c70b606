import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sniffFormat } from "./sniff";

const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  const head = Buffer.alloc(8);
  head.writeUInt32BE(size);
  head.write("ftyp", 4, "latin1");
  return Buffer.concat([
    head,
    Buffer.from(`${major}\0\0\0\0${compatible.join("")}`, "latin1"),
    Buffer.alloc(32),
  ]);
};

describe("sniffFormat", () => {
  it("recognises the raster formats sharp writes", async () => {
    const base = sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } });
    expect(sniffFormat(await base.clone().jpeg().toBuffer())).toBe("jpeg");
    expect(sniffFormat(await base.clone().png().toBuffer())).toBe("png");
    expect(sniffFormat(await base.clone().gif().toBuffer())).toBe("gif");
    expect(sniffFormat(await base.clone().webp().toBuffer())).toBe("webp");
    expect(sniffFormat(await base.clone().avif().toBuffer())).toBe("avif");
  });

  it("reads AVIF and HEIC from the major or compatible ftyp brands", () => {
    expect(sniffFormat(ftyp("heic"))).toBe("heic");
    expect(sniffFormat(ftyp("mif1", "miaf", "heic"))).toBe("heic");
    expect(sniffFormat(ftyp("mif1", "avif"))).toBe("avif");
    expect(sniffFormat(ftyp("isom", "mp41"))).toBeNull();
  });

  it("recognises SVG after a BOM, XML declaration, comments and doctype", () => {
    const svg =
      '\ufeff<?xml version="1.0"?>\n<!-- hi -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect(sniffFormat(Buffer.from(svg))).toBe("svg");
  });

  it("refuses HTML, text, PDF and empty input", () => {
    for (const text of ["<!doctype html><svg></svg>", "<html><svg/></html>", "hello", "%PDF-1.7", ""]) {
      expect(sniffFormat(Buffer.from(text))).toBeNull();
    }
  });
});
