import { Image } from "@darkroom/react";
import { act, cleanup, fireEvent, render } from "@testing-library/react";
import * as React from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const SRC = "https://imagedelivery.net/HASH/abc/public";
const BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("<Image> on React 18", () => {
  it("runs on React 18", () => {
    expect(React.version).toMatch(/^18\./);
  });

  it("renders the preload link itself (React 18 has no preload()) with the lowercase fetchpriority", () => {
    const error = vi.spyOn(console, "error");
    const html = renderToString(
      <Image src={SRC} alt="" width={400} height={300} priority blurhash={BLURHASH} />,
    );
    expect(html).toMatch(
      /^<link rel="preload" as="image" imageSrcSet="[^"]+" imageSizes="[^"]+" href="[^"]+" fetchpriority="high"\/><style>:where\(img\[data-state\]\)\{display:inline-block\}<\/style><img /,
    );
    expect(html).toMatch(/<img [^>]*fetchpriority="high"/);
    expect(html).toContain("background:url(data:image/bmp;base64,");
    expect(error).not.toHaveBeenCalled();
  });

  it("hydrates without warnings and handles load and error", async () => {
    const error = vi.spyOn(console, "error");
    const tree = (
      <Image src={SRC} alt="cat" width={400} height={300} blurhash={BLURHASH} fallbackSrc="/f.jpg" />
    );
    const container = document.createElement("div");
    container.innerHTML = renderToString(tree);
    document.body.append(container);
    await act(async () => {
      hydrateRoot(container, tree);
    });
    const img = container.querySelector("img") as HTMLImageElement;
    fireEvent.error(img);
    expect(img.getAttribute("src")).toBe("/f.jpg");
    fireEvent.load(img);
    expect(img.getAttribute("data-state")).toBe("loaded");
    expect(img.style.backgroundImage).toBe("none");
    expect(error).not.toHaveBeenCalled();
    container.remove();
  });

  it("renders on the client", () => {
    const { container } = render(<Image src={SRC} alt="cat" width={10} height={10} />);
    expect(container.querySelector("img")?.getAttribute("srcset")).toContain("w=10 10w");
  });
});
