// Bundle size: what importing each component adds to a browser bundle, minified, min+gzip (level 9).
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
    key: "unpicBlurhash",
    label: "@unpic/react + react-blurhash",
    code: 'export { Image } from "@unpic/react";\nexport { Blurhash } from "react-blurhash";',
  },
];

export async function bundleBench() {
  const rows = [];
  for (const entry of ENTRIES) {
    try {
      const [prod, dev] = await Promise.all([bundleSize(entry.code, true), bundleSize(entry.code, false)]);
      const { min, gzip, inputs } = prod;
      rows.push({
        key: entry.key,
        label: entry.label,
        min,
        gzip,
        devMin: dev.min,
        devGzip: dev.gzip,
        inputs,
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
  return { method: "esbuild bundle+minify, esm, browser; react* external; gzip -9", rows };
}
