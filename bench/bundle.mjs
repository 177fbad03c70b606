// Bundle size: what importing each component adds to a browser bundle, minified, min+gzip (level 9).
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
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

async function size(code, production) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: here, loader: "js" },
    absWorkingDir: here,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["darkroom:source"],
    external: ["react", "react-dom", "react/*", "react-dom/*"],
    define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
    write: false,
    metafile: true,
    outfile: "bundle.js",
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([file, v]) => [file.replace(/^.*node_modules\/(?!\.pnpm)|^\.\.\/packages\//, ""), v.bytesInOutput])
    .filter(([, n]) => n > 0);
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    inputs: Object.fromEntries(inputs),
  };
}

export async function bundleBench() {
  const rows = [];
  for (const entry of ENTRIES) {
    try {
      const [prod, dev] = await Promise.all([size(entry.code, true), size(entry.code, false)]);
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
