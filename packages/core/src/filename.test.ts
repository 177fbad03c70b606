import { describe, expect, it } from "vitest";
import { displayName, UNNAMED_FILE } from "./filename";

describe("displayName", () => {
  it("shows the real extension of a right-to-left override trick", () => {
    // Displays as "invoiceexe.pdf" in a bidi-aware renderer; it is an .exe.
    expect(displayName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(displayName("a\u2066b\u2069c\u200F\u200E\u061C.jpg")).toBe("abc.jpg");
  });

  it("keeps right-to-left scripts that use no formatting characters", () => {
    expect(displayName("صورة العائلة.jpg")).toBe("صورة العائلة.jpg");
    expect(displayName("תמונה.png")).toBe("תמונה.png");
  });

  it("turns control characters and line breaks into single spaces", () => {
    expect(displayName("a\nb\u0000\u0007c\u2028d.jpg")).toBe("a b c d.jpg");
    expect(displayName("\u0085name\u009F.png\r\n")).toBe("name .png");
  });

  it("returns HTML-looking names as plain text, unchanged", () => {
    const name = "<img src=x onerror=alert(1)>.png";
    expect(displayName(name)).toBe(name);
  });

  it("shortens a 500-character name to 80 characters, keeping the extension", () => {
    const shown = displayName(`${"a".repeat(496)}.jpg`);
    expect(shown).toHaveLength(80);
    expect(shown).toBe(`${"a".repeat(75)}….jpg`);
    expect(displayName(`${"b".repeat(100)}`, 20)).toBe(`${"b".repeat(19)}…`);
  });

  it("never splits an emoji's surrogate pair when shortening", () => {
    const shown = displayName(`${"😀".repeat(100)}.png`, 30);
    expect(() => encodeURIComponent(shown)).not.toThrow(); // throws on a lone surrogate
    expect(Array.from(shown)).toHaveLength(30);
    expect(shown.endsWith("….png")).toBe(true);
  });

  it("never returns an empty string", () => {
    for (const name of ["", "   ", "\u202E\u202C", "\u0000\n", undefined, null])
      expect(displayName(name)).toBe(UNNAMED_FILE);
  });
});
