// Builds what the benchmarks run from the packages' TypeScript source (the `darkroom:source` export condition).
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
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
