// Loads Darkroom and the competitors in Node as installed in one scratch app (installed.mjs: the packed tarballs and
// the registry's packages, one copy of React for all), and renders the same image with each.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const ACCOUNT = "ZWd9g1K7eljCn_KDTu_MWA";
export const imageId = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** Imports what the benchmarks render from the installed app `app`, as that app's own code would. */
async function loadInstalled(app) {
  const file = join(app, "ssr-libraries.mjs");
  writeFileSync(
    file,
    [
      'export * as React from "react";',
      'export { renderToString } from "react-dom/server";',
      'export * as darkroom from "@darkroom/react";',
      'export { default as next } from "next/image.js";',
      'export { Image as Unpic } from "@unpic/react";',
      'export { Blurhash } from "react-blurhash";',
    ].join("\n"),
  );
  return import(`${pathToFileURL(file).href}?${Date.now()}`);
}

/** The environment must have NODE_ENV set before this runs (React picks its build on first import). */
export async function loadLibraries(app) {
  const { React, renderToString, darkroom, next: nextModule, Unpic, Blurhash } = await loadInstalled(app);
  // next/image is CommonJS: its exports arrive as the default export.
  const next = nextModule.default
    ? nextModule
    : { default: nextModule, getImageProps: nextModule.getImageProps };
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
