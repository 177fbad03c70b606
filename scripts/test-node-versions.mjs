// Runs the suites that depend on the Node version (the server, the emulator, server rendering) again on the LTS
// lines users are on, Node 22 and 24, taken from the npm registry's `node` package. Each run writes its own report
// (.reports/vitest-node<N>.json) beside the Node 20 one; exits 1 if any failed.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const VERSIONS = ["22", "24"];
/** Package folder and the test files to run there (all of them when empty). */
const SUITES = [
  ["packages/server", []],
  ["packages/emulator", []],
  ["packages/react", ["src/uploader.ssr.test.tsx", "src/image.test.tsx"]],
];
const vitest = join(root, "node_modules/vitest/vitest.mjs");

let failed = 0;
for (const version of VERSIONS) {
  const exact = spawnSync("npx", ["-y", "-p", `node@${version}`, "node", "--version"], { encoding: "utf8" });
  console.log(`\n=== Node ${exact.stdout.trim() || `${version} (could not start: ${exact.stderr.trim()})`}`);
  for (const [dir, files] of SUITES) {
    const report = `.reports/vitest-node${version}.json`;
    const args = ["-y", "-p", `node@${version}`, "node", vitest, "run", ...files];
    args.push("--reporter=default", "--reporter=json", `--outputFile.json=${report}`);
    console.log(`\n▶ Node ${version}: ${dir} ${files.join(" ")}`);
    const run = spawnSync("npx", args, { cwd: join(root, dir), stdio: "inherit" });
    if (run.status !== 0) {
      failed++;
      console.log(`✗ Node ${version}: ${dir} failed (${run.error ?? run.signal ?? `exit ${run.status}`})`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
