// Loads Darkroom (from TypeScript source) and the competitors in Node, and renders the same image with each.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL(".", import.meta.url));
export const ACCOUNT = "ZWd9g1K7eljCn_KDTu_MWA";
export const imageId = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** Builds @darkroom/react from source (the `darkroom:source` condition) into a Node module and imports it. */
async function loadDarkroom() {
  const outfile = `${here}node_modules/.cache/darkroom-ssr.mjs`;
  mkdirSync(`${here}node_modules/.cache`, { recursive: true });
  await esbuild.build({
    stdin: { contents: 'export { Image, cloudflareImages } from "@darkroom/react";', resolveDir: here },
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["darkroom:source"],
    external: ["react", "react-dom", "react/*", "react-dom/*"],
    outfile,
    logLevel: "silent",
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/** The environment must have NODE_ENV set before this runs (React picks its build on first import). */
export async function loadLibraries() {
  const React = await import("react");
  const { renderToString } = await import("react-dom/server");
  const darkroom = await loadDarkroom();
  const next = require("next/image");
  const { Image: Unpic } = await import("@unpic/react");
  const { Blurhash } = await import("react-blurhash");
  const h = React.createElement;
  const cloudflare = darkroom.cloudflareImages({ accountHash: ACCOUNT });
  const nextLoader = ({ src, width, quality }) =>
    `https://imagedelivery.net/${ACCOUNT}/${src}/w=${width}${quality ? `,q=${quality}` : ""}`;
  const nextSizes = (s) =>
    s.layout === "fixed"
      ? undefined
      : s.layout === "fullWidth"
        ? "100vw"
        : `(min-width: ${s.width}px) ${s.width}px, 100vw`;
  const dims = (s) => ({ width: s.width, height: s.height });

  /** One element per library for image `s` ({ id, layout, width, height, blurhash? }), as its docs recommend. */
  const elements = {
    darkroom: (s) =>
      h(darkroom.Image, {
        src: s.id,
        alt: "",
        ...dims(s),
        layout: s.layout,
        loader: cloudflare,
        blurhash: s.blurhash,
      }),
    next: (s) => h(next.default, { src: s.id, alt: "", ...dims(s), loader: nextLoader, sizes: nextSizes(s) }),
    nextProps: (s) => {
      const { props } = next.getImageProps({
        src: s.id,
        alt: "",
        ...dims(s),
        loader: nextLoader,
        sizes: nextSizes(s),
      });
      return h("img", props);
    },
    unpic: (s) =>
      h(Unpic, {
        src: `https://imagedelivery.net/${ACCOUNT}/${s.id}`,
        alt: "",
        layout: s.layout,
        ...(s.layout === "fullWidth" ? { aspectRatio: s.width / s.height } : dims(s)),
      }),
    unpicBlurhash: (s) =>
      h(
        React.Fragment,
        null,
        s.blurhash &&
          h(Blurhash, {
            hash: s.blurhash,
            width: s.layout === "fixed" ? s.width : "100%",
            height: s.layout === "fixed" ? s.height : "100%",
          }),
        elements.unpic(s),
      ),
  };
  return { React, h, renderToString, elements };
}

const entities = { amp: "&", quot: '"', "#x27": "'", "#39": "'", lt: "<", gt: ">" };

/** The attributes of the first `<img>` in `html`, with lower-case names and entities decoded. */
export function imgAttributes(html) {
  const tag = html.match(/<img\s([^>]*?)\/?>/);
  if (!tag) return null;
  const attributes = {};
  for (const [, name, value] of tag[1].matchAll(/([\w:-]+)(?:="([^"]*)")?/g))
    attributes[name.toLowerCase()] = (value ?? "").replace(
      /&(amp|quot|#x27|#39|lt|gt);/g,
      (_, e) => entities[e],
    );
  return attributes;
}
