import { describe, expect, it } from "vitest";
import { encodeBmp } from "./bmp";

describe("encodeBmp", () => {
  it("writes a 24-bit top-down BMP with rows padded to 4 bytes", () => {
    // 3×2 pixels: red, green, blue / white, black, grey (alpha ignored)
    const rgba = [
      255, 0, 0, 255, 0, 255, 0, 9, 0, 0, 255, 0, 255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255,
    ];
    const bmp = encodeBmp(rgba, 3, 2);
    const view = new DataView(bmp.buffer);
    expect(String.fromCharCode(bmp[0] as number, bmp[1] as number)).toBe("BM");
    expect(view.getUint32(2, true)).toBe(bmp.length);
    expect(bmp.length).toBe(54 + 12 * 2);
    expect(view.getUint32(10, true)).toBe(54);
    expect(view.getInt32(18, true)).toBe(3);
    expect(view.getInt32(22, true)).toBe(-2);
    expect(view.getUint16(28, true)).toBe(24);
    // Pixels are stored blue, green, red.
    expect([...bmp.slice(54, 66)]).toEqual([0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0, 0]);
    expect([...bmp.slice(66, 75)]).toEqual([255, 255, 255, 0, 0, 0, 128, 128, 128]);
  });
});
