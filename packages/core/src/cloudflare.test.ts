import { afterEach, describe, expect, it, vi } from "vitest";
import { cloudflareImages, cloudflareResizing, cloudflareUrlLoader, encodeImageId } from "./cloudflare";

const HASH = "Vi7wi5KSItxGFsWRG2Us6Q";
afterEach(() => vi.restoreAllMocks());

describe("recognising Cloudflare URLs", () => {
  const at = (src: string, width = 640) => cloudflareUrlLoader({ src, width });

  it("keeps ids with subpaths whole", () => {
    expect(at(`https://imagedelivery.net/${HASH}/users/42/cat.jpg/public`)).toBe(
      `https://imagedelivery.net/${HASH}/users/42/cat.jpg/w=640`,
    );
  });

  it("recognises custom domains and keeps their origin", () => {
    expect(at(`https://example.com/cdn-cgi/imagedelivery/${HASH}/abc/w=400,sharpen=3`)).toBe(
      `https://example.com/cdn-cgi/imagedelivery/${HASH}/abc/w=640,sharpen=3`,
    );
  });

  it("recognises Image Resizing URLs with an absolute source that has its own query", () => {
    expect(at("https://shop.example/cdn-cgi/image/width=800,q=70/https://cdn.other/p.jpg?v=2")).toBe(
      "https://shop.example/cdn-cgi/image/width=640,quality=70/https://cdn.other/p.jpg?v=2",
    );
    expect(at("/cdn-cgi/image/w=800,q=70,f=auto/p.jpg")).toBe("/cdn-cgi/image/w=640,q=70,f=auto/p.jpg");
  });

  it("does not claim other URLs, too-short paths and malformed option strings", () => {
    expect(at("https://example.com/photos/cat.jpg")).toBeNull();
    expect(at(`https://imagedelivery.net/${HASH}/only-id`)).toBeNull();
    expect(at("/cdn-cgi/image/nonsense/cat.jpg")).toBeNull();
    expect(at("not a url at all")).toBeNull();
  });
});

describe("cloudflareUrlLoader (the default)", () => {
  it("turns a named variant into a flexible variant of the asked width", () => {
    expect(cloudflareUrlLoader({ src: `https://imagedelivery.net/${HASH}/abc/public`, width: 640 })).toBe(
      `https://imagedelivery.net/${HASH}/abc/w=640`,
    );
  });

  it("keeps the other options of a flexible variant and scales its height with the width", () => {
    const src = `https://imagedelivery.net/${HASH}/abc/w=400,h=300,fit=cover,sharpen=3`;
    expect(cloudflareUrlLoader({ src, width: 800 })).toBe(
      `https://imagedelivery.net/${HASH}/abc/w=800,h=600,fit=cover,sharpen=3`,
    );
  });

  it("rewrites the width of an Image Resizing URL, keeping long option names and the source", () => {
    const src = "/cdn-cgi/image/format=auto,width=300/uploads/cat.png";
    expect(cloudflareUrlLoader({ src, width: 1128, quality: 60 })).toBe(
      "/cdn-cgi/image/width=1128,quality=60,format=auto/uploads/cat.png",
    );
  });

  it("refuses signed URLs, whose signature covers the variant", () => {
    const src = `https://imagedelivery.net/${HASH}/abc/public?exp=1631289275&sig=4b715c36`;
    expect(cloudflareUrlLoader({ src, width: 640 })).toBeNull();
  });

  it("does not claim URLs it does not know", () => {
    expect(cloudflareUrlLoader({ src: "https://images.example/cat.jpg", width: 640 })).toBeNull();
  });
});

describe("cloudflareImages", () => {
  it("builds flexible-variant URLs from image ids, encoding each path segment", () => {
    const loader = cloudflareImages({ accountHash: HASH });
    expect(loader({ src: "albums/summer 2026/100%.jpg", width: 416 })).toBe(
      `https://imagedelivery.net/${HASH}/albums/summer%202026/100%25.jpg/w=416`,
    );
    expect(loader({ src: "café", width: 416 })).toBe(`https://imagedelivery.net/${HASH}/caf%C3%A9/w=416`);
  });

  it("serves from a custom domain", () => {
    const loader = cloudflareImages({ accountHash: HASH, domain: "https://example.com/" });
    expect(loader({ src: "abc", width: 320, quality: 70 })).toBe(
      `https://example.com/cdn-cgi/imagedelivery/${HASH}/abc/w=320,q=70`,
    );
  });

  it("maps widths to named variants when the account has no flexible variants", () => {
    const loader = cloudflareImages({
      accountHash: HASH,
      variants: { 1280: "large", 320: "small", 640: "medium" },
    });
    expect(loader.widths).toEqual([320, 640, 1280]);
    expect(loader({ src: "abc", width: 300 })).toBe(`https://imagedelivery.net/${HASH}/abc/small`);
    expect(loader({ src: "abc", width: 641 })).toBe(`https://imagedelivery.net/${HASH}/abc/large`);
    expect(loader({ src: "abc", width: 5000 })).toBe(`https://imagedelivery.net/${HASH}/abc/large`);
  });

  it("re-homes a full delivery URL onto the configured domain and variants", () => {
    const loader = cloudflareImages({
      accountHash: HASH,
      domain: "https://example.com",
      variants: { 640: "w640" },
    });
    expect(loader({ src: `https://imagedelivery.net/${HASH}/a/b/public`, width: 500 })).toBe(
      `https://example.com/cdn-cgi/imagedelivery/${HASH}/a/b/w640`,
    );
  });
});

describe("encodeImageId", () => {
  it("encodes each segment and keeps every one, so the id stays the same image's", () => {
    expect(encodeImageId("/a//b c/")).toBe("/a//b%20c/");
    expect(encodeImageId("users/42/ü?.jpg")).toBe("users/42/%C3%BC%3F.jpg");
  });

  it("has the loader warn about empty segments and whitespace in development", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const loader = cloudflareImages({ accountHash: HASH });
    expect(loader({ src: "/a//b c/", width: 640 })).toBe(
      `https://imagedelivery.net/${HASH}//a//b%20c//w=640`,
    );
    const messages = warn.mock.calls.map((c) => String(c[0]));
    expect(messages.some((m) => m.includes("empty path segment"))).toBe(true);
    expect(messages.some((m) => m.includes("whitespace"))).toBe(true);
  });
});

describe("cloudflareResizing", () => {
  it("resizes images hosted elsewhere through a zone", () => {
    const loader = cloudflareResizing({ zone: "https://example.com" });
    expect(loader({ src: "https://bucket.example/cat.jpg", width: 536 })).toBe(
      "https://example.com/cdn-cgi/image/width=536,format=auto/https://bucket.example/cat.jpg",
    );
    expect(loader({ src: "/static/cat.jpg", width: 536, fit: "cover", height: 300 })).toBe(
      "https://example.com/cdn-cgi/image/width=536,height=300,fit=cover,format=auto/static/cat.jpg",
    );
  });

  it("defaults to same-origin URLs and accepts custom options", () => {
    const loader = cloudflareResizing({ options: { sharpen: 1 } });
    expect(loader({ src: "cat.jpg", width: 100 })).toBe("/cdn-cgi/image/width=100,sharpen=1/cat.jpg");
    // A zero is a value (no sharpening), not a missing option.
    expect(cloudflareResizing({ options: { sharpen: 0 } })({ src: "cat.jpg", width: 100 })).toBe(
      "/cdn-cgi/image/width=100,sharpen=0/cat.jpg",
    );
  });
});
