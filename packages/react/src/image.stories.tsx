import type { Meta, StoryObj } from "@storybook/react-vite";
import * as React from "react";
import { expect, waitFor, within } from "storybook/test";
import { cloudflareImages, cloudflareResizing, Image, type ImageProps, type Layout } from "./index";

/*
 * Every picture here is drawn by `.storybook/image-drawing.ts`: it answers Cloudflare's `/cdn-cgi/image/…` and
 * `/cdn-cgi/imagedelivery/…` paths with an SVG exactly as wide as the URL asks, the width printed on it. The dev
 * server answers through `image-server.ts`, a static build through its service worker (`image-worker.ts`). `delay=<ms>` in the options holds a response back so the placeholder stays on screen.
 */

/** Image Resizing on the page's own origin: `/cdn-cgi/image/width=640,format=auto/<src>`. */
const resizing = cloudflareResizing({ zone: "" });
/** The same, answered 1.5 s late so the placeholder can be seen (and tested). */
const slow = cloudflareResizing({ zone: "", options: { format: "auto", delay: 1500 } });
const origin = globalThis.location?.origin ?? "http://localhost:6006";

const BLURHASH = "LKO2?U%2Tw=w]~RBVZRi};RPxuwH";
const SVG_PLACEHOLDER = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 2"><linearGradient id="a"><stop stop-color="#345"/>' +
    '<stop offset="1" stop-color="#a87"/></linearGradient><rect width="3" height="2" fill="url(#a)"/></svg>',
)}`;
// Generous: after a failure, Vitest resolves source maps for the stack trace and image responses can queue behind it.
const LOADED = 15_000;

// ---------------------------------------------------------------------------------------------- test helpers

/** The one `<img>` a story renders. */
const findImage = (canvasElement: HTMLElement) => within(canvasElement).findByRole<HTMLImageElement>("img");

/** `srcset` as `[url, descriptor]` pairs, in order. */
function candidates(img: HTMLImageElement): [string, string][] {
  const srcset = img.getAttribute("srcset");
  if (!srcset) return [];
  return srcset.split(", ").map((c) => c.trim().split(" ") as [string, string]);
}

/** The width a URL asks for: `width=640` or `w=640` in its options, or a named variant such as `w640`. */
const widthOf = (url: string) =>
  Number(url.match(/[/,](?:width|w)=(\d+)/)?.[1] ?? url.match(/\/w(\d+)$/)?.[1]);

async function loaded(img: HTMLImageElement) {
  await waitFor(() => expect(img).toHaveAttribute("data-state", "loaded"), { timeout: LOADED });
  await waitFor(() => expect(img.naturalWidth).toBeGreaterThan(0), { timeout: LOADED });
}

/** Once loaded, the picture covers the placeholder, which is then taken away. */
function expectNoPlaceholder(img: HTMLImageElement) {
  // `background: none` leaves every other background longhand at its initial value.
  expect(["", "none"]).toContain(img.style.backgroundImage);
  expect(["", "initial", "transparent", "rgba(0, 0, 0, 0)"]).toContain(img.style.backgroundColor);
}

/**
 * The browser picked one of the candidates, and the image server drew it exactly that wide. (`naturalWidth` cannot
 * tell: for a `w` descriptor it is the file's width divided by the density the browser derived from `sizes`.)
 */
async function expectPickedCandidate(img: HTMLImageElement) {
  const picked = candidates(img).find(([url]) => new URL(url, origin).href === img.currentSrc);
  expect(picked, `currentSrc ${img.currentSrc} is a srcset candidate`).toBeDefined();
  const response = await fetch(img.currentSrc.replace(/,delay=\d+/, ""));
  expect(response.headers.get("content-type")).toBe("image/svg+xml");
  const drawn = (await response.text()).match(/<svg [^>]*width="(\d+)"/)?.[1];
  expect(Number(drawn)).toBe(widthOf(img.currentSrc));
}

function expectLazy(img: HTMLImageElement) {
  expect(img).toHaveAttribute("loading", "lazy");
  expect(img).toHaveAttribute("decoding", "async");
  expect(img).not.toHaveAttribute("fetchpriority");
}

// ---------------------------------------------------------------------------------------------- meta

const meta = {
  title: "Image",
  component: Image,
  // Widened so a story may pass the loader as a function or as plain options.
  args: { alt: "A generated test picture", loader: resizing as ImageProps["loader"] },
  argTypes: {
    layout: { control: "inline-radio", options: ["fixed", "constrained", "fullWidth"] },
    loader: { control: false },
    placeholder: { control: "text" },
  },
  parameters: { docs: { source: { excludeDecorators: true } } },
} satisfies Meta<typeof Image>;

export default meta;
type Story = StoryObj<typeof meta>;

// ---------------------------------------------------------------------------------------------- layouts

/**
 * Always 320 × 213 CSS pixels: the srcset offers the width at densities 1 to 3, no two more than 1.25× apart, as width
 * descriptors with `sizes` = 320px, so a 1.5 or 2.625 screen gets a file its own size.
 */
export const Fixed: Story = {
  args: { src: "photos/lake.jpg", layout: "fixed", width: 320, height: 213 },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const widths = [320, 400, 480, 560, 640, 720, 840, 960];
    expect(img.getAttribute("srcset")).toBe(
      widths.map((w) => `/cdn-cgi/image/width=${w},format=auto/photos/lake.jpg ${w}w`).join(", "),
    );
    expect(img).toHaveAttribute("sizes", "320px");
    expect(img).toHaveAttribute("src", "/cdn-cgi/image/width=320,format=auto/photos/lake.jpg");
    expect(img).toHaveAttribute("width", "320");
    expect(img).toHaveAttribute("height", "213");
    expect(img.style.width).toBe("320px");
    expectLazy(img);
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

/** Fills its container up to 640 CSS pixels; width descriptors up to 2 × 640 and a `sizes` saying so. */
export const Constrained: Story = {
  args: { src: "photos/dunes.jpg", layout: "constrained", width: 640, aspectRatio: 3 / 2 },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const list = candidates(img);
    expect(list.map(([, d]) => d)).toEqual(["416w", "536w", "640w", "696w", "896w", "1128w", "1280w"]);
    for (const [url, d] of list)
      expect(url).toBe(`/cdn-cgi/image/width=${parseInt(d, 10)},format=auto/photos/dunes.jpg`);
    expect(img).toHaveAttribute("sizes", "(min-width: 640px) 640px, 100vw");
    expect(img).toHaveAttribute("width", "640");
    expect(img).toHaveAttribute("height", "427");
    expect(img.style.maxWidth).toBe("640px");
    expect(img.style.width).toBe("100%");
    expectLazy(img);
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

/** As wide as the viewport (`sizes="100vw"`); the whole default ladder, 416 to 3840 device pixels. */
export const FullWidth: Story = {
  args: { src: "photos/coast.jpg", layout: "fullWidth", aspectRatio: 21 / 9 },
  parameters: { layout: "fullscreen" },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const widths = candidates(img).map(([url, d]) => {
      expect(d).toBe(`${widthOf(url)}w`);
      return widthOf(url);
    });
    expect(widths).toEqual([416, 536, 696, 896, 1128, 1368, 1632, 1920, 2232, 2560, 3168, 3840]);
    expect(img).toHaveAttribute("sizes", "100vw");
    expect(img).not.toHaveAttribute("width");
    expect(img.style.width).toBe("100%");
    expect(img.style.aspectRatio).toMatch(/^2\.3333( \/ 1)?$/);
    expectLazy(img);
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

// ---------------------------------------------------------------------------------------------- priority

/** The hero: fetched eagerly at high priority, with a preload hint React hoists into `<head>`. */
export const Priority: Story = {
  args: { src: "photos/hero.jpg", width: 960, height: 540, priority: true, blurhash: BLURHASH },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("loading", "eager");
    expect(img).toHaveAttribute("fetchpriority", "high");
    expect(img).not.toHaveAttribute("decoding", "async");
    const links = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="image"]')];
    const link = links.find((l) => l.getAttribute("imagesrcset") === img.getAttribute("srcset"));
    expect(link, "a preload link with the image's srcset").toBeDefined();
    expect(link).toHaveAttribute("imagesizes", img.getAttribute("sizes") ?? "");
    expect(link).toHaveAttribute("fetchpriority", "high");
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

// ---------------------------------------------------------------------------------------------- placeholders

/**
 * A BlurHash decoded during render into a 6 × 6 image (and its average colour), painted as the `<img>`'s background:
 * it is in the server-rendered HTML and needs no JavaScript. The picture is held back 1.5 s here.
 */
export const BlurHash: Story = {
  args: { src: "photos/forest.jpg", width: 480, aspectRatio: 3 / 2, blurhash: BLURHASH, loader: slow },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("data-state", "loading");
    expect(img.style.backgroundImage).toMatch(/^url\("data:image\/bmp;base64,[A-Za-z0-9+/=]+"\)$/);
    expect(img.style.backgroundColor).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(img.style.backgroundSize).toBe("cover");
    expect(img.getAttribute("srcset")).toContain(",format=auto,delay=1500/photos/forest.jpg");
    await loaded(img);
    expectNoPlaceholder(img);
    await expectPickedCandidate(img);
  },
};

/** Any `data:image/…` URL, e.g. a tiny preview stored with the image. */
export const DataUrlPlaceholder: Story = {
  args: {
    src: "photos/canyon.jpg",
    width: 480,
    aspectRatio: 3 / 2,
    placeholder: SVG_PLACEHOLDER,
    loader: slow,
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("data-state", "loading");
    expect(img.style.backgroundImage).toContain("data:image/svg+xml,");
    expect(["", "initial"]).toContain(img.style.backgroundColor);
    await loaded(img);
    expectNoPlaceholder(img);
  },
};

/** A flat CSS colour: the cheapest placeholder. */
export const ColourPlaceholder: Story = {
  args: { src: "photos/sand.jpg", width: 480, aspectRatio: 3 / 2, placeholder: "#d8c3a5", loader: slow },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("data-state", "loading");
    expect(img.style.backgroundColor).toBe("rgb(216, 195, 165)");
    expect(["", "initial", "none"]).toContain(img.style.backgroundImage);
    await loaded(img);
    expectNoPlaceholder(img);
  },
};

/** `placeholder="none"` turns the placeholder off, even when a BlurHash is given. */
export const NoPlaceholder: Story = {
  args: {
    src: "photos/river.jpg",
    width: 480,
    aspectRatio: 3 / 2,
    placeholder: "none",
    blurhash: BLURHASH,
    loader: slow,
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("data-state", "loading");
    expectNoPlaceholder(img);
    await loaded(img);
  },
};

/** A malformed BlurHash is ignored (with a warning in development): the image renders without a placeholder. */
export const InvalidBlurHash: Story = {
  args: {
    src: "photos/glacier.jpg",
    width: 480,
    aspectRatio: 3 / 2,
    blurhash: "not-a-blurhash",
    loader: slow,
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("data-state", "loading");
    expectNoPlaceholder(img);
    expect(candidates(img).length).toBeGreaterThan(0);
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

// ---------------------------------------------------------------------------------------------- errors

/** The source is gone (404). Without `fallbackSrc` the placeholder stays, now as the `<img>`'s own picture. */
export const BrokenSource: Story = {
  args: { src: "missing/photo.jpg", width: 480, aspectRatio: 3 / 2, blurhash: BLURHASH },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    await waitFor(() => expect(img).toHaveAttribute("data-state", "error"), { timeout: LOADED });
    expect(img.getAttribute("src")).toMatch(/^data:image\/bmp;base64,/);
    expect(img).not.toHaveAttribute("srcset");
    expect(img).not.toHaveAttribute("sizes");
    expect(img.style.backgroundImage).toMatch(/^url\("data:image\/bmp;base64,/);
  },
};

/** A broken source without any placeholder ends as an empty, transparent box of the reserved size. */
export const BrokenSourceWithoutPlaceholder: Story = {
  args: { src: "missing/photo.jpg", width: 480, aspectRatio: 3 / 2 },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    await waitFor(() => expect(img).toHaveAttribute("data-state", "error"), { timeout: LOADED });
    expect(img.getAttribute("src")).toMatch(/^data:image\/gif;base64,/);
    expect(img).not.toHaveAttribute("srcset");
    expect(img).toHaveAttribute("height", "320");
  },
};

const FALLBACK = "/cdn-cgi/image/width=480,format=auto/photos/fallback-square.jpg";

/** With `fallbackSrc`, a broken source is replaced by the fallback, which then loads like any picture. */
export const BrokenSourceWithFallback: Story = {
  args: {
    src: "missing/photo.jpg",
    width: 480,
    aspectRatio: 3 / 2,
    blurhash: BLURHASH,
    fallbackSrc: FALLBACK,
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    await waitFor(() => expect(img).toHaveAttribute("src", FALLBACK), { timeout: LOADED });
    expect(img).not.toHaveAttribute("srcset");
    expect(img).not.toHaveAttribute("sizes");
    await loaded(img);
    expect(img.currentSrc).toBe(new URL(FALLBACK, origin).href);
    // The square fallback, not the 3:2 original. (Chromium keeps the pixel density of the failed srcset pick for
    // the fallback, so naturalWidth is not 480 here; the shape is what identifies the picture.)
    expect(img.naturalWidth).toBe(img.naturalHeight);
    expectNoPlaceholder(img);
  },
};

// ---------------------------------------------------------------------------------------------- loaders

const HASH = "Vi7wi5KSItxGFsWRG2Us6Q";

/**
 * Accounts without flexible variants: `cloudflareImages({ accountHash, variants })` maps widths to named variants,
 * and the srcset offers exactly those. (`domain` is this page's origin so the local image server answers.)
 */
export const NamedVariants: Story = {
  args: {
    src: "catalogue/teapot",
    width: 640,
    aspectRatio: 3 / 2,
    loader: cloudflareImages({
      accountHash: HASH,
      domain: origin,
      variants: { 320: "w320", 640: "w640", 1280: "w1280" },
    }),
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const base = `${origin}/cdn-cgi/imagedelivery/${HASH}/catalogue/teapot`;
    expect(img.getAttribute("srcset")).toBe(`${base}/w320 320w, ${base}/w640 640w, ${base}/w1280 1280w`);
    expect(img).toHaveAttribute("sizes", "(min-width: 640px) 640px, 100vw");
    await loaded(img);
    await expectPickedCandidate(img);
  },
};

/**
 * Cloudflare Images served from your own zone: `https://<domain>/cdn-cgi/imagedelivery/<hash>/<id>/w=…`, flexible
 * variants. Custom ids may contain `/`; other characters are percent-encoded.
 */
export const CustomDomain: Story = {
  args: {
    src: "products/red shoe",
    width: 400,
    aspectRatio: 1,
    fit: "cover",
    loader: cloudflareImages({ accountHash: HASH, domain: origin }),
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const list = candidates(img);
    expect(list.length).toBeGreaterThan(1);
    for (const [url, d] of list)
      expect(url).toBe(
        `${origin}/cdn-cgi/imagedelivery/${HASH}/products/red%20shoe/w=${parseInt(d, 10)},h=${parseInt(d, 10)},fit=cover`,
      );
    expect(list.map(([, d]) => d)).toContain("800w");
    await loaded(img);
    expect(img.naturalWidth).toBe(img.naturalHeight);
  },
};

/**
 * The loader's options as plain data, which a React Server Component can pass to `<Image>` (a function it cannot):
 * `{ accountHash, … }` means `cloudflareImages`, anything else `cloudflareResizing`.
 */
export const LoaderAsPlainData: Story = {
  args: {
    src: "products/teapot",
    width: 300,
    aspectRatio: 3 / 2,
    loader: { accountHash: HASH, domain: origin },
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    const base = `${origin}/cdn-cgi/imagedelivery/${HASH}/products/teapot`;
    expect(candidates(img)).toEqual([
      [`${base}/w=300`, "300w"],
      [`${base}/w=416`, "416w"],
      [`${base}/w=536`, "536w"],
      [`${base}/w=600`, "600w"],
    ]);
    await loaded(img);
  },
};

/** A loader that throws is survived: a plain `<img>` with the `src` as given, no srcset (and a warning in dev). */
export const LoaderFailure: Story = {
  args: {
    src: "/cdn-cgi/image/width=360/photos/plain.jpg",
    width: 360,
    aspectRatio: 3 / 2,
    loader: () => {
      throw new Error("this loader always fails");
    },
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).not.toHaveAttribute("srcset");
    expect(img).not.toHaveAttribute("sizes");
    expect(img).toHaveAttribute("src", "/cdn-cgi/image/width=360/photos/plain.jpg");
    await loaded(img);
    expect(img.naturalWidth).toBe(360);
  },
};

// ---------------------------------------------------------------------------------------------- playground

interface PlaygroundArgs {
  layout: Layout;
  width: number;
  height: number;
  sizes: string;
  priority: boolean;
  blurhash: string;
  placeholder: string;
  /** Milliseconds the image server holds each picture back. */
  delay: number;
}

function Playground(args: PlaygroundArgs) {
  const { delay, sizes, placeholder, ...rest } = args;
  const loader = React.useMemo(
    () => cloudflareResizing({ zone: "", options: { format: "auto", delay } }),
    [delay],
  );
  const [picked, setPicked] = React.useState<{ url: string; file: number; shown: number } | null>(null);
  const props: ImageProps = {
    ...rest,
    src: "photos/playground.jpg",
    alt: "Playground picture",
    loader,
    sizes: sizes || undefined,
    placeholder: placeholder || undefined,
  };
  return (
    <div style={{ display: "grid", gap: 12 }}>
      <Image
        key={`${delay}-${args.blurhash}-${placeholder}`}
        {...props}
        onLoad={(e) => {
          const { currentSrc, clientWidth } = e.currentTarget;
          setPicked({ url: currentSrc, file: widthOf(currentSrc), shown: clientWidth });
        }}
      />
      <output style={{ font: "13px/1.4 ui-monospace, monospace" }}>
        {picked
          ? `Downloaded the ${picked.file} px candidate for ${picked.shown} CSS px at devicePixelRatio ${devicePixelRatio}: ${picked.url}`
          : "Loading…"}
        {" · Resize the window or change the controls to see another candidate chosen."}
      </output>
    </div>
  );
}

/** Try every option: the printed width shows the candidate the browser chose for this viewport and density. */
export const ResponsivePlayground: StoryObj<PlaygroundArgs> = {
  render: (args) => <Playground {...args} />,
  parameters: {
    controls: {
      include: ["layout", "width", "height", "sizes", "priority", "blurhash", "placeholder", "delay"],
    },
  },
  args: {
    layout: "constrained",
    width: 720,
    height: 480,
    sizes: "",
    priority: false,
    blurhash: BLURHASH,
    placeholder: "",
    delay: 800,
  },
  argTypes: {
    layout: { control: "inline-radio", options: ["fixed", "constrained", "fullWidth"] },
    width: { control: { type: "range", min: 80, max: 1600, step: 10 } },
    height: { control: { type: "range", min: 60, max: 1200, step: 10 } },
    sizes: { control: "text", description: "Empty: derived from the layout." },
    placeholder: {
      control: "text",
      description: '"none", a data:image URL or a CSS colour; empty: use blurhash.',
    },
    delay: { control: { type: "range", min: 0, max: 5000, step: 100 } },
  },
  play: async ({ canvasElement }) => {
    const img = await findImage(canvasElement);
    expect(img).toHaveAttribute("sizes", "(min-width: 720px) 720px, 100vw");
    await loaded(img);
    await expectPickedCandidate(img);
    const file = widthOf(img.currentSrc);
    await within(canvasElement).findByText(
      new RegExp(`^Downloaded the ${file} px candidate for ${img.clientWidth} CSS px`),
    );
  },
};
