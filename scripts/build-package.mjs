// The one build of every package (run in the package's folder by its `build` script): each source module becomes one
// ESM file (`.js`) and one CommonJS file (`.cjs`) in dist/, with its imports kept as imports, so a bundler keeps only
// the modules an app imports (the packages declare `sideEffects: false`). Module directives ("use client") and the
// CLI's hashbang stay where the source has them. Types: one `.d.ts` and one `.d.cts` per module, from tsc.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import * as esbuild from "esbuild";

const dir = process.cwd();
const src = join(dir, "src");
// `--outdir DIR` builds elsewhere (tests build a fresh copy instead of trusting a dist/ that may be stale).
const outFlag = process.argv.indexOf("--outdir");
const dist = outFlag > 0 ? process.argv[outFlag + 1] : join(dir, "dist");
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
/** Source files that are not part of the package: tests, their helpers, stories and docs. */
const NOT_SHIPPED = /\.(test|ssr\.test|test-helper|stories)\.tsx?$|(^|\/)test-support\.ts$|\.d\.ts$/;

const walk = (folder) =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
const modules = walk(src).filter((file) => /\.tsx?$/.test(file) && !NOT_SHIPPED.test(relative(src, file)));

/** `./x` → `./x.js` (or `./x/index.js`), so Node and every bundler resolve the output without guessing. */
function withExtension(specifier, fromDir, ext) {
  if (/\.(c|m)?js$/.test(specifier)) return specifier.replace(/\.(c|m)?js$/, ext);
  const base = join(fromDir, specifier);
  if (existsSync(`${base}.ts`) || existsSync(`${base}.tsx`)) return `${specifier}${ext}`;
  if (existsSync(join(base, "index.ts")) || existsSync(join(base, "index.tsx")))
    return `${specifier}/index${ext}`;
  throw new Error(`${relative(dir, fromDir)}: cannot resolve "${specifier}" to a source module`);
}

/** Keeps every import external; relative ones get the output file's extension for the format being built. */
const keepImports = (ext) => ({
  name: "keep-imports",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      return { path: withExtension(args.path, args.resolveDir, ext), external: true };
    });
  },
});

rmSync(dist, { recursive: true, force: true });
for (const [format, ext] of [
  ["esm", ".js"],
  ["cjs", ".cjs"],
]) {
  await esbuild.build({
    entryPoints: modules,
    outbase: src,
    outdir: dist,
    outExtension: { ".js": ext },
    bundle: true,
    format,
    platform: "neutral",
    target: "es2022",
    jsx: "automatic",
    sourcemap: true,
    plugins: [keepImports(ext)],
    logLevel: "warning",
  });
}

// Declarations: tsc writes `.d.ts` beside each module; the specifiers get extensions (`.js` for the ESM types,
// `.cjs` for the `.d.cts` copy) so TypeScript's node16 resolution finds them.
const cache = join(dir, "node_modules/.cache/darkroom-build");
mkdirSync(cache, { recursive: true });
const tsconfig = join(cache, "tsconfig.json");
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: join(dir, "tsconfig.json"),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: src,
      outDir: dist,
      tsBuildInfoFile: null,
    },
    include: modules,
    files: [],
  }),
);
const tsc = createRequire(join(dir, "package.json")).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", tsconfig], { stdio: "inherit", cwd: dir });

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(["'])(\.\.?\/[^"']*)\2/g;
for (const file of walk(dist).filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8");
  const rewrite = (ext) =>
    text.replace(
      SPECIFIER,
      (_, lead, q, spec) => `${lead}${q}${withExtension(spec, dirname(file).replace(dist, src), ext)}${q}`,
    );
  writeFileSync(file, rewrite(".js"));
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), rewrite(".cjs"));
}
console.log(`${pkg.name}: ${modules.length} modules → dist/ (ESM, CJS, .d.ts, .d.cts)`);
