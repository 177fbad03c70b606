// Builds what the benchmarks run from the packages' TypeScript source (the `darkroom:source` export condition).
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
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
 * Size of `code` bundled for the browser from source (minified, ESM, `external` left out, CSS apart), as an app's
 * bundler would emit it. With `splitting`, `import()` starts a chunk of its own: `min`/`gzip` count what the page
 * loads up front (the entry chunk and the chunks it imports statically) and `lazyMin`/`lazyGzip` the chunks loaded
 * later. Each chunk is gzipped (level 9) on its own, as it is served. `inputs`: the minified bytes each input file
 * contributes up front.
 *
 * Splitting is off by default: esbuild assigns whole files to chunks by import reachability, so with it a file that
 * an unused re-export reaches and that a lazy chunk uses lands in a shared chunk loaded up front (Rollup and webpack
 * drop such code per export). Measure with it only what has `import()` of its own.
 */
export async function bundleSize(
  code,
  production,
  external = ["react", "react-dom", "react/*", "react-dom/*"],
  { splitting = false } = {},
) {
  const dir = `${here}node_modules/.cache/entries`;
  mkdirSync(dir, { recursive: true });
  const entry = `${dir}/${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  writeFileSync(entry, code);
  const result = await esbuild.build({
    entryPoints: { bundle: entry },
    absWorkingDir: here,
    bundle: true,
    splitting,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["darkroom:source"],
    external,
    define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
    loader: { ".css": "css" },
    write: false,
    metafile: true,
    outdir: `${here}out`,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const bytes = (file) =>
    result.outputFiles.find((f) => f.path === `${here}${file}`)?.contents ?? new Uint8Array();
  // Up front: the entry and, transitively, what it imports statically.
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file].entryPoint && file.endsWith(".js")));
  const sum = (files, f) => files.reduce((total, file) => total + f(bytes(file)), 0);
  const gz = (b) => (b.length ? gzipSync(b, { level: 9 }).length : 0);
  const js = Object.keys(outputs).filter((file) => file.endsWith(".js"));
  const upFront = js.filter((file) => initial.has(file));
  const later = js.filter((file) => !initial.has(file));
  const css = Object.keys(outputs).filter((file) => file.endsWith(".css"));
  const inputs = {};
  for (const file of upFront)
    for (const [input, v] of Object.entries(outputs[file].inputs))
      inputs[shortPath(input)] = (inputs[shortPath(input)] ?? 0) + v.bytesInOutput;
  const byFile = Object.entries(inputs)
    .filter(([file, n]) => n > 0 && !file.includes(".cache/entries/"))
    .sort((a, b) => b[1] - a[1]);
  return {
    min: sum(upFront, (b) => b.length),
    gzip: sum(upFront, gz),
    lazyMin: sum(later, (b) => b.length),
    lazyGzip: sum(later, gz),
    lazyChunks: later.length,
    cssMin: sum(css, (b) => b.length),
    cssGzip: sum(css, gz),
    inputs: Object.fromEntries(byFile),
  };
}
