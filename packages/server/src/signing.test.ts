import { describe, expect, it } from "vitest";
import { hmacSha256Hex, signUrl, timingSafeEqual, verifySignedUrl } from "./signing";

const DOC_URL =
  "https://imagedelivery.net/cheeW4oKsx5ljh8e8BoL2A/bc27a117-9509-446b-8c69-c81bfeac0a01/mobile";
const DOC_SIG = "4b715c36545beca2c56e6eb22bcaff6491e66eaeb526747311d6e19962217666";
const KEY = "example-signing-key";
const NOW = 1631289275 * 1000 - 60_000;

describe("hmacSha256Hex", () => {
  it("matches the known vector", async () => {
    expect(await hmacSha256Hex("this is a secret", "/hello/world")).toBe(
      "6293f9144b4e9adc83416d1b059abcac750bf05b2c5c99ea72fd47cc9c2ace34",
    );
  });
});

describe("signUrl", () => {
  it("reproduces the worked example of the Cloudflare docs exactly", async () => {
    expect(await signUrl(DOC_URL, KEY, { expiresAt: 1631289275 })).toBe(
      `${DOC_URL}?exp=1631289275&sig=${DOC_SIG}`,
    );
    expect(await signUrl(new URL(DOC_URL), KEY, { expiresAt: new Date(1631289275_000) })).toContain(DOC_SIG);
  });

  it("sets exp from expiresIn (default one hour) and replaces an old exp and sig", async () => {
    const now = Date.parse("2026-11-24T06:00:00Z");
    const once = new URL(await signUrl(DOC_URL, KEY, { now, expiresIn: 600 }));
    expect(once.searchParams.get("exp")).toBe(String(now / 1000 + 600));
    const again = new URL(await signUrl(once, KEY, { now }));
    expect(again.searchParams.getAll("exp")).toEqual([String(now / 1000 + 3600)]);
    expect(again.searchParams.getAll("sig")).toHaveLength(1);
  });

  it("signs other query parameters along with exp", async () => {
    const signed = await signUrl(`${DOC_URL}?v=2`, KEY, { expiresAt: 1631289275 });
    const expected = await hmacSha256Hex(KEY, `${new URL(DOC_URL).pathname}?v=2&exp=1631289275`);
    expect(new URL(signed).searchParams.get("sig")).toBe(expected);
  });
});

describe("verifySignedUrl", () => {
  const signed = `${DOC_URL}?exp=1631289275&sig=${DOC_SIG}`;

  it("accepts the docs' URL before it expires", async () => {
    expect(await verifySignedUrl(signed, KEY, { now: NOW })).toEqual({ valid: true, expiresAt: 1631289275 });
  });

  it("refuses it once expired", async () => {
    const result = await verifySignedUrl(signed, KEY, { now: 1631289275 * 1000 });
    expect(result).toEqual({ valid: false, reason: "expired" });
  });

  it("refuses tampered paths, expiries and signatures, and the wrong key", async () => {
    const tampered = [
      signed.replace("/mobile", "/public"),
      signed.replace("exp=1631289275", "exp=1931289275"),
      signed.replace("sig=4b", "sig=5b"),
      `${signed}&w=2000`,
    ];
    for (const url of tampered) {
      expect(await verifySignedUrl(url, KEY, { now: NOW })).toEqual({
        valid: false,
        reason: "bad-signature",
      });
    }
    expect(await verifySignedUrl(signed, "other-key", { now: NOW })).toMatchObject({
      reason: "bad-signature",
    });
  });

  it("refuses URLs without sig or exp", async () => {
    expect(await verifySignedUrl(DOC_URL, KEY)).toEqual({ valid: false, reason: "missing-signature" });
    expect(await verifySignedUrl(`${DOC_URL}?sig=${DOC_SIG}`, KEY)).toEqual({
      valid: false,
      reason: "missing-expiry",
    });
  });

  it("round-trips with signUrl", async () => {
    const url = await signUrl(`${DOC_URL}?x=1`, "k", { expiresIn: 60 });
    expect(await verifySignedUrl(url, "k")).toMatchObject({ valid: true });
  });
});

describe("timingSafeEqual", () => {
  it("compares whole strings", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});
