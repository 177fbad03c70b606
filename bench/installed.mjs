// The packages as a user installs them: `pnpm pack` of each built package, installed with npm into a scratch app
// outside the workspace (no workspace links, no `darkroom:source` condition), beside whatever else a measurement
// compares them with, installed the same way from the registry.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const PACKAGES = ["core", "react", "server", "emulator"];

/** The version a workspace package (`next`, `@unpic/react`, …) is pinned to in bench/package.json. */
export function benchVersion(name) {
  const pkg = JSON.parse(readFileSync(join(root, "bench/package.json"), "utf8"));
  const version = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (!version) throw new Error(`bench/package.json pins no version of ${name}`);
  return version;
}

/** Packs the built packages (run `pnpm build` first) into `dir`; returns `{ "@darkroom/core": "/…/x.tgz", … }`. */
export function packTarballs(dir, packages = PACKAGES) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarballs = {};
  for (const name of packages) {
    const cwd = join(root, "packages", name);
    // pnpm pack turns `workspace:^` into the real version range, as publishing does.
    const out = execFileSync("pnpm", ["pack", "--pack-destination", dir], { cwd, encoding: "utf8" });
    const file = out.trim().split("\n").pop();
    tarballs[`@darkroom/${name}`] = file.startsWith("/") ? file : join(dir, file);
  }
  return tarballs;
}

/**
 * A scratch app in the system's temp folder named `name`, with the packed `packages` and `extra`
 * (`{ name: version }`, from the registry) installed by npm. Returns its folder. `overrides` make every package's
 * `@darkroom/*` dependency resolve to the tarballs, never to the registry.
 */
export function installedApp(name, { packages = PACKAGES, extra = {} } = {}) {
  const app = join(tmpdir(), `darkroom-installed-${name}`);
  mkdirSync(app, { recursive: true });
  const tarballs = packTarballs(join(app, "tarballs"), packages);
  const local = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  const manifest = {
    name: `darkroom-installed-${name}`,
    private: true,
    type: "module",
    dependencies: { ...local, ...extra },
    overrides: local,
  };
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // A tarball of the same name and version may have new contents: never let npm reuse the old copy.
  rmSync(join(app, "package-lock.json"), { force: true });
  rmSync(join(app, "node_modules/@darkroom"), { recursive: true, force: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return app;
}

/** Competitors that the bundle benchmarks measure, installed beside Darkroom at bench/package.json's pins. */
const COMPETITORS = [
  "react",
  "react-dom",
  "next",
  "@unpic/react",
  "react-blurhash",
  "blurhash",
  "react-dropzone",
  "@uppy/core",
  "@uppy/dashboard",
  "@uppy/golden-retriever",
  "@uppy/react",
  "@uppy/xhr-upload",
  "@uploadthing/react",
  "uploadthing",
];

/** The scratch app the bundle benchmarks measure in: Darkroom's browser packages and every competitor. */
export const benchApp = () =>
  installedApp("bench", {
    packages: ["core", "react"],
    extra: Object.fromEntries(COMPETITORS.map((name) => [name, benchVersion(name)])),
  });
