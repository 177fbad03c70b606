// Builds what the benchmarks run from the packages' TypeScript source (the `darkroom:source` export condition).
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Imports `contents` (ESM re-exports of workspace packages) as one Node module built from source; sharp stays external. */
export async function importFromSource(name, contents) {
  const outfile = `${here}node_modules/.cache/${name}.mjs`;
  mkdirSync(`${here}node_modules/.cache`, { recursive: true });
  await esbuild.build({
    stdin: { contents, resolveDir: here },
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["darkroom:source"],
    external: ["sharp"],
    outfile,
    logLevel: "silent",
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/** The production browser bundle (ESM text) of a page script in bench/, e.g. `preprocess-page.js`. */
export async function pageBundle(file) {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(file, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["darkroom:source"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Shortens a metafile input path to `package/path` (workspace packages to `core/src/…`, `react/src/…`). */
const shortPath = (file) =>
  file
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    .replace(/^.*node_modules\//, "")
    .replace(/^(\.\.\/)+packages\//, "");

/**
 * Size of `code` bundled for the browser from source (minified, ESM, `external` left out, CSS apart): JS and CSS
 * bytes, minified and gzipped (level 9), and the minified bytes each input file contributes.
 */
export async function bundleSize(
  code,
  production,
  external = ["react", "react-dom", "react/*", "react-dom/*"],
) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: here, loader: "js" },
    absWorkingDir: here,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["darkroom:source"],
    external,
    define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
    loader: { ".css": "css" },
    write: false,
    metafile: true,
    outdir: "out",
    entryNames: "bundle",
    logLevel: "silent",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"))?.contents ?? new Uint8Array();
  const css = result.outputFiles.find((f) => f.path.endsWith(".css"))?.contents ?? new Uint8Array();
  const jsOutput = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(".js"))[1];
  const byFile = Object.entries(jsOutput.inputs)
    .map(([file, v]) => [shortPath(file), v.bytesInOutput])
    .filter(([file, n]) => n > 0 && file !== "<stdin>")
    .sort((a, b) => b[1] - a[1]);
  return {
    min: js.length,
    gzip: gzipSync(js, { level: 9 }).length,
    cssMin: css.length,
    cssGzip: css.length ? gzipSync(css, { level: 9 }).length : 0,
    inputs: Object.fromEntries(byFile),
  };
}
