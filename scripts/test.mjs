// Runs every check and test of the repository, then prints one closing line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium } from "./chromium.mjs";

const root = new URL("..", import.meta.url).pathname;
process.env.CHROMIUM_PATH = ensureChromium();
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.STORYBOOK_DISABLE_TELEMETRY = "1";

const reportDirs = ["packages", "compat", "apps"]
  .flatMap((dir) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((d) => join(root, dir, d)) : [],
  )
  .filter((dir) => statSync(dir).isDirectory())
  .concat(join(root, "e2e"), root)
  .map((dir) => join(dir, ".reports"));
for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });

const steps = [
  ["lint and format", "pnpm", ["exec", "biome", "check", "."]],
  ["build and typecheck", "pnpm", ["exec", "turbo", "run", "build", "typecheck", "--continue"]],
  // One package at a time: the browser, sharp and workerd suites each want both cores.
  [
    "unit, component and browser tests",
    "pnpm",
    ["exec", "turbo", "run", "test", "--continue", "--concurrency=1"],
  ],
  ["server, emulator and SSR tests on Node 22 and 24", "node", ["scripts/test-node-versions.mjs"]],
  ["publint and attw", "pnpm", ["exec", "turbo", "run", "publint"]],
  // Deterministic size checks on the packed tarballs as a user installs them (not a timed test).
  ["bundle budgets on the packed tarballs", "node", ["bench/budgets.mjs"]],
  ["types of the packed tarballs, skipLibCheck off", "node", ["scripts/check-installed-types.mjs"]],
  ["Storybook stories in Chromium", "pnpm", ["exec", "vitest", "run", "--project", "storybook"]],
  // The docs as hosted: a static build, checked in Chromium over a plain file server (images from its service worker).
  [
    "static Storybook build shows its images",
    "bash",
    [
      "-c",
      "storybook build -o .reports/storybook-static --quiet && node .storybook/check-static.mjs .reports/storybook-static",
    ],
  ],
  // Copies of examples/ installed from the tarballs with npm, built and driven in Chromium (e2e/examples/).
  [
    "examples from the packed tarballs",
    "pnpm",
    ["--filter", "@darkroom/e2e", "exec", "vitest", "run", "--config", "examples.config.ts"],
  ],
];
const failedSteps = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const { status } = spawnSync(cmd, args, { stdio: "inherit", cwd: root });
  if (status !== 0) failedSteps.push(name);
}

let passed = 0;
let failed = 0;
for (const dir of reportDirs) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
}
// A failed check that is not a test (lint, typecheck, build, publint) must not read as "0 failed".
if (failed === 0) failed = failedSteps.length;
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join("; ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed || failedSteps.length ? 1 : 0);
