import { act, cleanup, fireEvent, render } from "@testing-library/react";
import axe from "axe-core";
import * as React from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Image } from "./image";
import { cloudflareImages } from "./index";

const SRC = "https://imagedelivery.net/HASH/abc/public";
const BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const img = () => document.querySelector("img") as HTMLImageElement;

describe("<Image>", () => {
  it("renders one img with srcset, sizes, dimensions and lazy loading", () => {
    render(
      <Image src={SRC} alt="A cat on a sofa" width={800} height={600} className="photo" data-testid="x" />,
    );
    const el = img();
    expect(el.getAttribute("srcset")).toContain("https://imagedelivery.net/HASH/abc/w=800 800w");
    expect(el.getAttribute("sizes")).toBe("(min-width: 800px) 800px, 100vw");
    expect(el).toMatchObject({ width: 800, height: 600, alt: "A cat on a sofa", className: "photo" });
    expect(el.getAttribute("loading")).toBe("lazy");
    expect(el.getAttribute("decoding")).toBe("async");
    expect(el.getAttribute("data-testid")).toBe("x");
    expect(el.getAttribute("data-state")).toBe("loading");
    // Options are not leaked into the DOM.
    for (const name of ["layout", "blurhash", "loader", "priority", "aspectratio"])
      expect(el.hasAttribute(name)).toBe(false);
  });

  it("keeps the user's id and other attributes that resemble option names", () => {
    render(<Image src={SRC} alt="" width={10} height={10} id="hero" title="t" />);
    expect(document.getElementById("hero")?.getAttribute("title")).toBe("t");
  });

  it("forwards refs (object and callback)", () => {
    const ref = React.createRef<HTMLImageElement>();
    const calls: (HTMLImageElement | null)[] = [];
    render(
      <>
        <Image ref={ref} src={SRC} alt="one" width={10} height={10} />
        <Image
          ref={(el) => {
            calls.push(el);
          }}
          src={SRC}
          alt="two"
          width={10}
          height={10}
        />
      </>,
    );
    expect(ref.current?.alt).toBe("one");
    expect(calls[0]?.alt).toBe("two");
  });

  it("removes the placeholder once the image has loaded and calls the user's onLoad", () => {
    const onLoad = vi.fn();
    render(<Image src={SRC} alt="" width={10} height={10} blurhash={BLURHASH} onLoad={onLoad} />);
    expect(img().style.backgroundImage).toContain("data:image/bmp;base64,");
    fireEvent.load(img());
    expect(onLoad).toHaveBeenCalledOnce();
    expect(img().getAttribute("data-state")).toBe("loaded");
    expect(img().style.backgroundImage).toBe("none");
  });

  it("falls back to fallbackSrc, then to the placeholder, never to a broken image", () => {
    const onError = vi.fn();
    render(
      <Image
        src={SRC}
        alt=""
        width={10}
        height={10}
        blurhash={BLURHASH}
        fallbackSrc="/fallback.jpg"
        onError={onError}
      />,
    );
    fireEvent.error(img());
    expect(img().getAttribute("src")).toBe("/fallback.jpg");
    expect(img().hasAttribute("data-fallback")).toBe(true);
    expect(img().hasAttribute("srcset")).toBe(false);
    expect(img().getAttribute("data-state")).toBe("loading");
    fireEvent.error(img());
    expect(img().getAttribute("src")).toMatch(/^data:image\/bmp;base64,/);
    expect(img().getAttribute("data-state")).toBe("error");
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("shows a transparent pixel on error when there is no placeholder", () => {
    render(<Image src={SRC} alt="lost" width={10} height={10} placeholder="#eee" />);
    fireEvent.error(img());
    expect(img().getAttribute("src")).toMatch(/^data:image\/gif;base64,/);
    expect(img().style.backgroundColor).toBe("rgb(238, 238, 238)");
    expect(img().alt).toBe("lost");
  });

  it("starts loading again when src changes", () => {
    const { rerender } = render(<Image src={SRC} alt="" width={10} height={10} />);
    fireEvent.load(img());
    expect(img().getAttribute("data-state")).toBe("loaded");
    rerender(<Image src="https://imagedelivery.net/HASH/other/public" alt="" width={10} height={10} />);
    expect(img().getAttribute("data-state")).toBe("loading");
  });

  it("has no axe violations", async () => {
    const { container } = render(<Image src={SRC} alt="A cat" width={10} height={10} blurhash={BLURHASH} />);
    const result = await axe.run(container);
    expect(result.violations).toEqual([]);
  });
});

describe("<Image> on the server", () => {
  it("puts every attribute and the placeholder in the HTML, with no JavaScript needed", () => {
    const html = renderToString(<Image src={SRC} alt="A cat" width={400} height={300} blurhash={BLURHASH} />);
    // React 19 hoists the one stylesheet that keeps a failing image's box (see box-style.tsx).
    expect(html).toMatch(
      /^<style data-precedence="darkroom" data-href="darkroom-image">:where\(img\[data-state\]\)\{display:inline-block\}<\/style><img /,
    );
    expect(html).toContain('srcSet="https://imagedelivery.net/HASH/abc/w=400 400w');
    expect(html).toContain('sizes="(min-width: 400px) 400px, 100vw"');
    expect(html).toContain('width="400"');
    expect(html).toContain('height="300"');
    expect(html).toContain('loading="lazy"');
    expect(html).toMatch(/style="[^"]*aspect-ratio:1.3333/);
    expect(html).toMatch(
      /style="[^"]*background:url\(data:image\/bmp;base64,[A-Za-z0-9+/=]+\) 50%\/cover no-repeat #[0-9a-f]{6}/,
    );
  });

  it("emits a preload hint and fetchpriority for priority images", () => {
    const html = renderToString(<Image src={SRC} alt="" width={400} height={300} priority />);
    expect(html).toMatch(
      /<link rel="preload" (?=[^>]*as="image")(?=[^>]*imageSrcSet="https:\/\/imagedelivery.net)[^>]*>/,
    );
    expect(html).toMatch(/<img (?=[^>]*fetchPriority="high")(?=[^>]*loading="eager")/);
  });

  it("hydrates without mismatch warnings and notices an image that loaded before hydration", async () => {
    const error = vi.spyOn(console, "error");
    const tree = <Image src={SRC} alt="" width={400} height={300} blurhash={BLURHASH} />;
    const container = document.createElement("div");
    container.innerHTML = renderToString(tree);
    document.body.append(container);
    const el = container.querySelector("img") as HTMLImageElement;
    Object.defineProperty(el, "complete", { value: true });
    Object.defineProperty(el, "naturalWidth", { value: 400 });
    await act(async () => {
      hydrateRoot(container, tree);
    });
    expect(error).not.toHaveBeenCalled();
    expect(container.querySelector("img")).toBe(el);
    expect(el.getAttribute("data-state")).toBe("loaded");
    container.remove();
  });

  it("takes loader options as plain data, so a server component can pass them", () => {
    const html = renderToString(
      <Image src="user/1" alt="" width={300} height={200} loader={{ accountHash: "h" }} />,
    );
    expect(html).toContain('src="https://imagedelivery.net/h/user/1/w=600"');
  });

  it("works with a configured loader for image ids", () => {
    const loader = cloudflareImages({ accountHash: "h", variants: { 320: "s", 640: "m" } });
    const html = renderToString(
      <Image src="user/1" alt="" width={300} height={200} layout="fixed" loader={loader} />,
    );
    expect(html).toContain(
      'srcSet="https://imagedelivery.net/h/user/1/s 320w, https://imagedelivery.net/h/user/1/m 640w" sizes="300px"',
    );
  });
});

describe("<Image> types", () => {
  it('requires alt, so every image says what it shows (or alt="" for decoration)', () => {
    // @ts-expect-error alt is missing; `tsc` fails here if alt ever becomes optional
    const element = <Image src={SRC} width={10} height={10} />;
    expect(element.props).not.toHaveProperty("alt");
  });
});
