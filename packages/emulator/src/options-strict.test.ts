import { describe, expect, it } from "vitest";
import { CfError } from "./errors";
import { parseFlexible } from "./transform";

const refused = (text: string) => {
  try {
    parseFlexible(text);
  } catch (error) {
    return error instanceof CfError ? `${error.status}/${error.code}` : String(error);
  }
  return "accepted";
};

describe("flexible option strings are parsed strictly", () => {
  it("refuses non-canonical numbers with 400 / 9401", () => {
    for (const text of [
      "w=0x20",
      "w=1e1",
      "w= 32",
      "w=32 ",
      "w=+32",
      "w=032",
      "w=32.0",
      "h=1_000",
      "q=0x50",
      "q=5e1",
      "dpr=1e0",
      "dpr=.5",
      "dpr=1.",
      "dpr=0x1",
      "dpr= 1",
      "w=Infinity",
    ]) {
      expect(refused(text), text).toBe("400/9401");
    }
  });

  it("refuses out-of-range values with 400 / 9401", () => {
    for (const text of ["w=0", "h=0", "w=12001", "q=0", "q=101", "dpr=0", "dpr=0.001", "dpr=2.01", "dpr=3"]) {
      expect(refused(text), text).toBe("400/9401");
    }
  });

  it("refuses an option given twice, an empty option and an unknown value of a documented option", () => {
    for (const text of [
      "w=10,w=20",
      "w=10,",
      ",w=10",
      "fit=squish",
      "metadata=all",
      "format=gif",
      "anim=yes",
    ]) {
      expect(refused(text), text).toBe("400/9401");
    }
  });

  it("accepts canonical values", () => {
    expect(parseFlexible("w=32,h=12000,q=1,dpr=0.5").width).toBe(16);
    expect(parseFlexible("width=100,dpr=2,quality=high,fit=cover,metadata=keep").width).toBe(200);
    expect(parseFlexible("dpr=1.25,w=100").width).toBe(125);
    expect(parseFlexible("w=10,anim=false,sharpen=1.5,blur=20,gravity=auto").width).toBe(10);
  });
});
