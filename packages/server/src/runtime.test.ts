import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build as esbuild } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED } from "../test/runtime-smoke.mjs";

const root = join(import.meta.dirname, "..");
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
const outDir = mkdtempSync(join(root, "node_modules/.cache/runtime-test-"));
const BUILTINS =
  "fs|path|crypto|os|http|https|net|tls|stream|buffer|util|events|zlib|child_process|worker_threads";
const NODE_ONLY = [
  /\b(?:from|import)\s*\(?\s*["']node:/,
  new RegExp(`\\b(?:from|import)\\s*\\(?\\s*["'](?:${BUILTINS})(?:/[\\w/]*)?["']`),
  /\brequire\s*\(/,
  /\b(?:process|Buffer)\./,
];
const usesNode = (code: string) => NODE_ONLY.some((pattern) => pattern.test(code));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

beforeAll(() => {
  // The package's own build (scripts/build-package.mjs), written to a fresh folder so the test never reads a stale
  // dist/. The folder sits inside the package so `@darkroom/core` resolves as it does for an installed package.
  execFileSync(process.execPath, [join(root, "../../scripts/build-package.mjs"), "--outdir", outDir], {
    cwd: root,
    stdio: "pipe",
  });
}, 60_000);

describe("runs anywhere with fetch and Web Crypto", () => {
  it("has no Node built-ins, require() or process in its sources", () => {
    const sources = readdirSync(join(root, "src")).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    expect(sources.length).toBeGreaterThan(8);
    const offenders = sources.filter((f) => usesNode(readFileSync(join(root, "src", f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("has no Node built-ins in the built modules, and imports only itself and @darkroom/core", () => {
    const files = readdirSync(outDir).filter((f) => /\.c?js$/.test(f));
    expect(files).toContain("handler.js");
    for (const file of files) {
      const code = readFileSync(join(outDir, file), "utf8");
      // CommonJS files load with require() by nature: check what they require instead.
      const esm = file.endsWith(".js")
        ? code
        : code.replace(/\brequire\("(\.\/[\w-]+\.cjs|@darkroom\/core)"\)/g, "");
      expect(usesNode(esm), file).toBe(false);
      const imported = [...code.matchAll(/(?:from |require\()"([^"]+)"/g)].map((m) => m[1] ?? "");
      expect(
        imported.filter((s) => !s.startsWith("./") && s !== "@darkroom/core"),
        file,
      ).toEqual([]);
    }
  });

  it("loads as CommonJS in Node and signs like the docs", () => {
    // In a plain Node process, as an app's require() loads it (the test runner resolves packages to their source).
    const url =
      "https://imagedelivery.net/cheeW4oKsx5ljh8e8BoL2A/bc27a117-9509-446b-8c69-c81bfeac0a01/mobile";
    const script = `require(${JSON.stringify(join(outDir, "index.cjs"))})
      .signUrl(${JSON.stringify(url)}, "example-signing-key", { expiresAt: 1631289275 }).then(console.log)`;
    const signed = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env: {} }).trim();
    expect(signed).toMatch(/&sig=4b715c36545beca2c56e6eb22bcaff6491e66eaeb526747311d6e19962217666$/);
  });

  it("the scan catches a Node import when there is one", () => {
    expect(usesNode('import { createHmac } from "node:crypto";')).toBe(true);
    expect(usesNode('import { readFile } from "fs/promises";')).toBe(true);
    expect(usesNode('const m = await import("node:os");')).toBe(true);
    expect(usesNode('const fs = require("fs");')).toBe(true);
    expect(usesNode("const b = Buffer.from(x);")).toBe(true);
    expect(usesNode('import { x } from "./fsutil";')).toBe(false);
  });
});

const SMOKE = pathToFileURL(join(root, "test/runtime-smoke.mjs")).href;

/** A runtime on PATH (or at `$<NAME>_PATH`), or undefined when it is not installed. */
function findRuntime(name: string): string | undefined {
  const given = process.env[`${name.toUpperCase()}_PATH`];
  if (given) return given;
  const dirs = (process.env.PATH ?? "").split(delimiter);
  return dirs.map((dir) => join(dir, name)).find((file) => existsSync(file));
}

const runtimes: [string, string | undefined, string[]][] = [
  ["Node", process.execPath, []],
  ["Bun", findRuntime("bun"), ["run"]],
  ["Deno", findRuntime("deno"), ["run", "--quiet", "--no-config"]],
];

describe("the built bundle in each runtime", () => {
  for (const [name, binary, args] of runtimes) {
    // Bun and Deno run only where installed (set BUN_PATH / DENO_PATH); otherwise the test shows as skipped.
    it.skipIf(!binary)(`works in ${name}`, () => {
      const runner = join(outDir, `runner-${name}.mjs`);
      const source = `import * as lib from "./index.js";\nimport { smoke } from "${SMOKE}";\n`;
      writeFileSync(runner, `${source}console.log(JSON.stringify(await smoke(lib)));\n`);
      const output = execFileSync(binary ?? "", [...args, runner], { encoding: "utf8", timeout: 60_000 });
      expect(JSON.parse(output)).toEqual(EXPECTED);
    });
  }
});

describe("inside workerd (Cloudflare Workers) via miniflare", () => {
  let mf: Miniflare | undefined;
  afterAll(() => mf?.dispose());

  it("runs the same checks in a Worker", async () => {
    const worker = `import * as lib from "${join(outDir, "index.js")}";
import { smoke } from "${fileURLToPath(SMOKE)}";
export default { fetch: async () => Response.json(await smoke(lib)) };`;
    const bundled = await esbuild({
      stdin: { contents: worker, resolveDir: root, loader: "js" },
      bundle: true,
      format: "esm",
      platform: "neutral",
      write: false,
    });
    const script = bundled.outputFiles[0]?.text ?? "";
    expect(usesNode(script)).toBe(false);
    // As a Worker's bundler sees the installed packages: only the part of core the server uses (no BlurHash code).
    expect(script).toMatch(/CircuitBreaker\w* = class/);
    expect(script).not.toMatch(/blurhash/i);
    mf = new Miniflare({ modules: true, script, compatibilityDate: "2025-01-01" });
    const response = await mf.dispatchFetch("http://worker/");
    expect(await response.json()).toEqual(EXPECTED);
  }, 60_000);
});
