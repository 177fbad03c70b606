import { cloudflareImages, cloudflareResizing, Image, type ImageProps } from "@darkroom/react";
import { type ReactNode, useEffect, useState } from "react";

/** BlurHash of a grey-blue photo: a placeholder far from white and from the orange test images. */
export const BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";

const TEXT = "Darkroom end-to-end test page. ".repeat(12);
const spacer = <div style={{ height: 8000 }} />;

/** An `<Image id="photo">` served by the test server: 600×400 with a BlurHash unless `props` say otherwise. */
const photo = (o: string, props: Partial<ImageProps> & { src: string }) => (
  <Image
    id="photo"
    alt={props.src}
    width={600}
    height={400}
    blurhash={BLURHASH}
    loader={cloudflareResizing({ zone: o })}
    {...props}
  />
);

/** The pages under test, by name; `o` is the test server's origin (the loaders point at it). */
export const pages: Record<string, (o: string) => ReactNode> = {
  fixed: (o) => photo(o, { src: "fixed.jpg", width: 400, height: 300, layout: "fixed", blurhash: undefined }),
  constrained: (o) =>
    photo(o, {
      src: "constrained",
      width: 1024,
      height: 683,
      layout: "constrained",
      blurhash: undefined,
      loader: cloudflareImages({ accountHash: "h", domain: o }),
    }),
  fullWidth: (o) =>
    photo(o, { src: "full.jpg", width: 1600, height: 900, layout: "fullWidth", blurhash: undefined }),
  lazy: (o) => (
    <>
      {photo(o, { id: "hero", src: "hero.jpg", width: 800, height: 450, priority: true })}
      {spacer}
      {photo(o, { id: "far", src: "far.jpg" })}
    </>
  ),
  placeholder: (o) => photo(o, { src: "slow.jpg" }),
  shift: (o) => (
    <>
      <p>{TEXT}</p>
      {photo(o, { src: "slow.jpg" })}
      <p id="after">{TEXT}</p>
    </>
  ),
  // Negative control: a plain <img> without width/height.
  shiftControl: (o) => (
    <>
      <p>{TEXT}</p>
      <img id="photo" src={`${o}/cdn-cgi/image/width=600/slow.jpg`} alt="" />
      <p id="after">{TEXT}</p>
    </>
  ),
  ok: (o) => photo(o, { src: "photo.jpg" }),
  fallback: (o) => photo(o, { src: "missing.jpg", fallbackSrc: `${o}/static/fallback.jpg` }),
  fallbackMissing: (o) => photo(o, { src: "missing.jpg", fallbackSrc: `${o}/static/missing.jpg` }),
  missing: (o) => photo(o, { src: "missing.jpg" }),
  // Failing images in normal flow (not a grid), one per layout: each must keep its box without JavaScript.
  missingLayouts: (o) => (
    <>
      {photo(o, { id: "hero", src: "missing-hero.jpg", width: 800, height: 450, priority: true })}
      {photo(o, { id: "wide", src: "missing-wide.jpg", width: 1600, height: 900, layout: "fullWidth" })}
      {photo(o, { id: "fixed", src: "missing-fixed.jpg", width: 300, height: 200, layout: "fixed" })}
    </>
  ),
  below: (o) => (
    <>
      {spacer}
      {photo(o, { src: "below.jpg" })}
    </>
  ),
  clientBelow: (o) => (
    <ClientOnly>
      {spacer}
      {photo(o, { src: "below.jpg" })}
    </ClientOnly>
  ),
  swap: (o) => <Swap o={o} />,
};

/** Renders its children only in the browser, after hydration: an image rendered client-side (SPA navigation). */
function ClientOnly({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? children : null;
}

/** An image whose src changes on click (a gallery). */
function Swap({ o }: { o: string }) {
  const [src, setSrc] = useState("first.jpg");
  return (
    <>
      <button type="button" onClick={() => setSrc("second.jpg")}>
        next
      </button>
      {photo(o, { src })}
    </>
  );
}

declare global {
  interface Window {
    hydrated?: boolean;
    hydrationErrors?: string[];
  }
}

function Hydrated() {
  useEffect(() => {
    window.hydrated = true;
  }, []);
  return null;
}

/** The whole document, rendered by React (so React 19 can hoist preloads into <head>) and hydrated as `document`. */
export function Doc({ name, origin, js }: { name: string; origin: string; js: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{name}</title>
        <style>{"body{margin:0;font:16px/1.5 sans-serif;background:#fff}"}</style>
      </head>
      <body>
        {pages[name]?.(origin)}
        <Hydrated />
        {js && <script type="module" src="/client.js" />}
      </body>
    </html>
  );
}
