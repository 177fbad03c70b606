// @vitest-environment node
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What a React Server Components bundler sees in the built package: a client reference for each module that starts
// with "use client", plain server code for the rest. Built afresh with the package's own build, never a stale dist/.
const root = join(import.meta.dirname, "..");
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
const outDir = mkdtempSync(join(root, "node_modules/.cache/directives-test-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
beforeAll(() => {
  execFileSync(process.execPath, [join(root, "../../scripts/build-package.mjs"), "--outdir", outDir], {
    cwd: root,
    stdio: "pipe",
  });
}, 60_000);

/** Whether a built file's directive prologue (after CommonJS's "use strict") holds "use client". */
const isClient = (file: string) =>
  /^(?:"use strict";\s*)?"use client";/.test(readFileSync(join(outDir, file), "utf8"));
const CLIENT = ["image", "uploader", "uploader-file", "use-uploader"];

describe('"use client" in the built package', () => {
  it("stands at the top of the components and hooks, in ESM and CommonJS", () => {
    for (const name of CLIENT)
      for (const ext of [".js", ".cjs"]) expect(isClient(name + ext), name + ext).toBe(true);
  });

  it("is nowhere else, so server code can import the entry, the loaders and the labels", () => {
    const modules = readdirSync(outDir).filter((f) => /\.c?js$/.test(f));
    expect(modules.length).toBeGreaterThan(CLIENT.length * 2);
    const others = modules.filter((f) => !CLIENT.includes(f.replace(/\.c?js$/, "")));
    expect(others.filter(isClient)).toEqual([]);
  });

  it("leaves cloudflareImages a plain re-export of @darkroom/core, callable in a Server Component", () => {
    const entry = readFileSync(join(outDir, "index.js"), "utf8");
    expect(entry).toMatch(/import \{[^}]*\bcloudflareImages\b[^}]*\} from "@darkroom\/core"/);
    expect(entry).toContain('from "./image.js"');
  });
});
