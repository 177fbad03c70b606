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

/** Shortens a metafile input path to `package/path` (`@darkroom/core/dist/…` installed, `core/src/…` from source). */
const shortPath = (file) =>
  file
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    .replace(/^.*node_modules\//, "")
    .replace(/^(\.\.\/)+packages\//, "");

/** Darkroom's own modules among shortened input paths, as `core/upload-queue`, `react/image`, … */
const ownModules = (files) =>
  [
    ...new Set(
      files
        .map((f) => f.match(/^(?:@darkroom\/)?(core|react|server)\/(?:dist|src)\/(.+)\.[cm]?[jt]sx?$/))
        .filter(Boolean)
        .map((m) => `${m[1]}/${m[2]}`),
    ),
  ].sort();

/**
 * Size of `code` bundled for the browser (minified, ESM, `external` left out, CSS apart), as an app's bundler would
 * emit it. By default the packages resolve as installed from `app` (a folder made by installed.mjs); with
 * `source: true` from the workspace's TypeScript source instead (the `darkroom:source` condition).
 *
 * With `splitting`, `import()` starts a chunk of its own: `min`/`gzip` count what the page loads up front (the entry
 * chunk and the chunks it imports statically) and `lazyMin`/`lazyGzip` the chunks that code can load later
 * (reachable through an `import()` that survived tree-shaking; esbuild also writes chunks for `import()`s in code it
 * dropped, which no page ever loads). Each chunk is gzipped (level 9) on its own, as it is served. `inputs`: the
 * minified bytes each input file contributes up front; `modules` / `lazyModules`: Darkroom's modules in each part.
 *
 * Splitting is off by default: esbuild assigns whole files to chunks by import reachability, so with it a file that
 * an unused re-export reaches and that a lazy chunk uses lands in a shared chunk loaded up front (Rollup and webpack
 * drop such code per export). Measure with it only what has `import()` of its own.
 */
export async function bundleSize(
  code,
  production,
  external = ["react", "react-dom", "react/*", "react-dom/*"],
  { splitting = false, app, source = false } = {},
) {
  if (!source && !app) throw new Error("bundleSize: pass the installed app's folder, or source: true");
  const cwd = source ? here : `${app}/`;
  const dir = `${cwd}node_modules/.cache/entries`;
  mkdirSync(dir, { recursive: true });
  const entry = `${dir}/${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  writeFileSync(entry, code);
  const result = await esbuild.build({
    entryPoints: { bundle: entry },
    absWorkingDir: cwd,
    bundle: true,
    splitting,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: source ? ["darkroom:source"] : [],
    external,
    define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
    loader: { ".css": "css" },
    write: false,
    metafile: true,
    outdir: `${cwd}out`,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const bytes = (file) =>
    result.outputFiles.find((f) => f.path === `${cwd}${file}`)?.contents ?? new Uint8Array();
  // Up front: the entry and, transitively, what it imports statically; later: what those can import().
  const reach = (starts, kinds) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of outputs[file]?.imports ?? []) if (kinds.includes(i.kind) && !i.external) visit(i.path);
    };
    for (const file of starts) visit(file);
    return seen;
  };
  // The page's own entry (chunks behind import() are entry points of esbuild's too).
  const entryFile = Object.keys(outputs).find((file) => file.endsWith("/bundle.js"));
  const initial = reach([entryFile], ["import-statement"]);
  const loadable = reach([entryFile], ["import-statement", "dynamic-import"]);
  const sum = (files, f) => files.reduce((total, file) => total + f(bytes(file)), 0);
  const gz = (b) => (b.length ? gzipSync(b, { level: 9 }).length : 0);
  const js = Object.keys(outputs).filter((file) => file.endsWith(".js"));
  const upFront = js.filter((file) => initial.has(file));
  const later = js.filter((file) => loadable.has(file) && !initial.has(file));
  const css = Object.keys(outputs).filter((file) => file.endsWith(".css"));
  const inputsOf = (files) => {
    const inputs = {};
    for (const file of files)
      for (const [input, v] of Object.entries(outputs[file].inputs))
        if (v.bytesInOutput > 0) inputs[shortPath(input)] = (inputs[shortPath(input)] ?? 0) + v.bytesInOutput;
    return inputs;
  };
  const inputs = inputsOf(upFront);
  const byFile = Object.entries(inputs)
    .filter(([file]) => !file.includes(".cache/entries/"))
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
    modules: ownModules(Object.keys(inputs)),
    lazyModules: ownModules(Object.keys(inputsOf(later))),
  };
}
