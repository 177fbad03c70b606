// Bundle size: what importing each component adds to a browser bundle, minified, min+gzip (level 9), every package
// as installed from its tarball or the registry (installed.mjs); Darkroom from its TypeScript source beside it.
import { bundleSize } from "./build.mjs";

export const ENTRIES = [
  {
    key: "darkroom",
    label: "Darkroom <Image> (+ BlurHash decoding)",
    code: 'export { Image } from "@darkroom/react";',
  },
  { key: "unpic", label: "@unpic/react <Image>", code: 'export { Image } from "@unpic/react";' },
  { key: "next", label: "next/image <Image>", code: 'export { default as Image } from "next/image";' },
  { key: "blurhash", label: "react-blurhash <Blurhash>", code: 'export { Blurhash } from "react-blurhash";' },
  {
    key: "unpicBasePair",
    label: "@unpic/react/base + Cloudflare transformer + react-blurhash",
    code: 'export { Image } from "@unpic/react/base";\nexport { transform } from "unpic/providers/cloudflare_images";\nexport { Blurhash } from "react-blurhash";',
  },
  {
    key: "unpicBlurhash",
    label: "@unpic/react + react-blurhash",
    code: 'export { Image } from "@unpic/react";\nexport { Blurhash } from "react-blurhash";',
  },
];

/** The rows for the installed app `app`; Darkroom's row also carries `sourceGzip`, the same import from source. */
export async function bundleBench(app) {
  const rows = [];
  for (const entry of ENTRIES) {
    try {
      const [prod, dev] = await Promise.all([
        bundleSize(entry.code, true, undefined, { app, splitting: true }),
        bundleSize(entry.code, false, undefined, { app, splitting: true }),
      ]);
      const { min, gzip, lazyGzip, inputs, modules, lazyModules } = prod;
      const source =
        entry.key === "darkroom"
          ? await bundleSize(entry.code, true, undefined, { source: true, splitting: true })
          : undefined;
      rows.push({
        key: entry.key,
        label: entry.label,
        min,
        gzip,
        lazyGzip,
        lazyModules,
        devMin: dev.min,
        devGzip: dev.gzip,
        sourceGzip: source?.gzip,
        inputs,
        modules,
      });
    } catch (e) {
      const message = e.errors?.[0]
        ? `${e.errors[0].text} (${e.errors[0].location?.file ?? "?"})`
        : String(e.message);
      rows.push({ key: entry.key, label: entry.label, error: message.split("\n")[0] });
    }
  }
  const base = rows.find((r) => r.key === "darkroom")?.gzip;
  for (const r of rows) if (r.gzip && base) r.vsDarkroom = r.gzip / base;
  return {
    method:
      "packed tarballs and registry packages installed with npm outside the workspace; esbuild bundle+minify+splitting (up front = entry + static imports), esm, browser; react* external; gzip -9",
    rows,
  };
}
