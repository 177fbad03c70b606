import { afterEach, describe, expect, it, vi } from "vitest";
import { cloudflareImages } from "./cloudflare";
import { transformProps } from "./transform";
import type { ImageLoader } from "./types";

const SRC = "https://imagedelivery.net/HASH/abc/public";
const BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
const quiet = () => vi.spyOn(console, "warn").mockImplementation(() => {});
const messages = (spy: ReturnType<typeof quiet>) => spy.mock.calls.map((c) => String(c[0])).join("\n");

describe("transformProps", () => {
  it("describes a constrained image: srcset, sizes, dimensions, lazy loading and no-shift styles", () => {
    const { attributes } = transformProps({ src: SRC, alt: "A cat", width: 800, height: 600 });
    expect(attributes).toMatchObject({
      alt: "A cat",
      width: 800,
      height: 600,
      loading: "lazy",
      decoding: "async",
      sizes: "(min-width: 800px) 800px, 100vw",
      src: "https://imagedelivery.net/HASH/abc/w=1128",
    });
    expect(attributes.fetchpriority).toBeUndefined();
    expect(attributes.srcset?.split(", ")).toContain("https://imagedelivery.net/HASH/abc/w=1600 1600w");
    expect(attributes.style).toMatchObject({
      maxWidth: "800px",
      width: "100%",
      height: "auto",
      aspectRatio: "1.3333",
    });
  });

  it("describes a fixed image with width descriptors and its CSS width as sizes", () => {
    const { attributes } = transformProps({ src: SRC, alt: "", width: 200, aspectRatio: 1, layout: "fixed" });
    const candidates = attributes.srcset?.split(", ");
    expect(candidates?.[0]).toBe("https://imagedelivery.net/HASH/abc/w=200 200w");
    expect(candidates).toContain("https://imagedelivery.net/HASH/abc/w=300 300w");
    expect(candidates?.at(-1)).toBe("https://imagedelivery.net/HASH/abc/w=600 600w");
    expect(attributes.sizes).toBe("200px");
    expect(attributes.src).toBe("https://imagedelivery.net/HASH/abc/w=200");
    expect(attributes).toMatchObject({ width: 200, height: 200, style: { width: "200px", height: "200px" } });
  });

  it("describes a full-width image", () => {
    const { attributes } = transformProps({ src: SRC, alt: "", layout: "fullWidth", aspectRatio: 16 / 9 });
    expect(attributes.sizes).toBe("100vw");
    expect(attributes.srcset?.split(", ")).toHaveLength(12);
    expect(attributes.style).toMatchObject({ width: "100%", aspectRatio: "1.7778" });
  });

  it("makes priority images eager and high priority", () => {
    const { attributes } = transformProps({ src: SRC, alt: "", width: 10, height: 10, priority: true });
    expect(attributes).toMatchObject({ loading: "eager", fetchpriority: "high", decoding: "auto" });
  });

  it("paints the BlurHash as a background with its average colour under it", () => {
    const { attributes, placeholder } = transformProps({
      src: SRC,
      alt: "",
      width: 8,
      height: 8,
      blurhash: BLURHASH,
    });
    // One declaration: the image layer, centred and covering the box, over the colour.
    expect(attributes.style.background).toBe(
      `url(${placeholder.image}) 50%/cover no-repeat ${placeholder.color}`,
    );
  });

  it("escapes a user data URL so it cannot end the CSS declaration", () => {
    const image = 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>';
    const { attributes } = transformProps({ src: SRC, alt: "", width: 8, height: 8, placeholder: image });
    expect(attributes.style.background).toBe(
      'url("data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22/>") 50%/cover no-repeat ',
    );
  });

  it("sets a crop height per candidate when fit crops", () => {
    const loader = cloudflareImages({ accountHash: "h" });
    const { attributes } = transformProps({
      src: "a",
      alt: "",
      width: 100,
      height: 50,
      fit: "cover",
      layout: "fixed",
      loader,
    });
    expect(attributes.srcset).toContain("https://imagedelivery.net/h/a/w=200,h=100,fit=cover 200w");
  });
});

describe("transformProps with loader options as data (for React Server Components)", () => {
  it("builds a Cloudflare Images loader from { accountHash }", () => {
    const { attributes } = transformProps({
      src: "a b",
      alt: "",
      width: 100,
      height: 100,
      layout: "fixed",
      loader: { accountHash: "h", domain: "https://x.dev" },
    });
    expect(attributes.src).toBe("https://x.dev/cdn-cgi/imagedelivery/h/a%20b/w=100");
  });

  it("builds an Image Resizing loader from { zone }", () => {
    const { attributes } = transformProps({
      src: "/p.jpg",
      alt: "",
      width: 100,
      height: 100,
      layout: "fixed",
      loader: { zone: "https://x.dev" },
    });
    expect(attributes.src).toBe("https://x.dev/cdn-cgi/image/width=100,format=auto/p.jpg");
  });
});

describe("transformProps with bad input renders safely and explains in development", () => {
  it("falls back to fullWidth when a layout needs a width", () => {
    const warn = quiet();
    const { attributes } = transformProps({ src: SRC, alt: "", layout: "fixed" });
    expect(attributes.sizes).toBe("100vw");
    expect(attributes.width).toBeUndefined();
    expect(messages(warn)).toContain('layout="fixed" needs a width');
    expect(messages(warn)).toContain("No height or aspectRatio");
  });

  it("ignores dimensions that are not positive numbers", () => {
    const warn = quiet();
    const { attributes } = transformProps({ src: SRC, alt: "", width: Number.NaN, height: -3 });
    expect(attributes.width).toBeUndefined();
    expect(attributes.height).toBeUndefined();
    expect(messages(warn)).toContain("width=NaN");
    expect(messages(warn)).toContain("height=-3");
  });

  it.each([
    ["an unparseable src", "ht!tp:// /bad path", "No loader recognises"],
    ["an image id without a loader", "8c9a-my-photo", "cloudflareImages"],
    ["an empty src", "   ", "has no src"],
  ])("renders %s as a plain img", (_, src, hint) => {
    const warn = quiet();
    const { attributes } = transformProps({ src, alt: "x", width: 10, height: 10 });
    expect(attributes.srcset).toBeUndefined();
    expect(attributes.sizes).toBeUndefined();
    expect(attributes.src).toBe(src.trim());
    expect(messages(warn)).toContain(hint);
  });

  it("survives a loader that throws", () => {
    const warn = quiet();
    const loader: ImageLoader = () => {
      throw new Error("boom");
    };
    const { attributes } = transformProps({ src: "/a.jpg", alt: "", width: 10, height: 10, loader });
    expect(attributes).toMatchObject({ src: "/a.jpg", srcset: undefined });
    expect(messages(warn)).toContain("The loader failed");
  });

  it("says nothing in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    const warn = quiet();
    transformProps({ src: "", alt: "", layout: "fixed", blurhash: "nope", width: -1 });
    expect(warn).not.toHaveBeenCalled();
  });
});
