import { encodeImageId as fromCore } from "@darkroom/core";
import { describe, expect, it } from "vitest";
import { encodeImageId } from "./index";

describe("encodeImageId", () => {
  it("is core's: one implementation, so API paths and delivery URLs encode an id the same way", () => {
    expect(encodeImageId).toBe(fromCore);
    expect(encodeImageId("/a//b c/")).toBe("/a//b%20c/");
    expect(encodeImageId("users/42/ü?.jpg")).toBe("users/42/%C3%BC%3F.jpg");
  });
});
