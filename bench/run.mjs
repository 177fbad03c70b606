// Runs the benchmark suites, each in its own Node process (sharp's threads and the emulator's sockets never
// overlap the SSR timings): `node bench/run.mjs` runs all of them, `node bench/run.mjs server` (or `image`)
// only the named ones. Exits 1 if a suite fails or crashes, else 0 (missed targets do not fail).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SUITES = {
  image: "image.mjs", // bundle size, over-fetch, SSR, placeholder bytes → results/image.json
  server: "server.mjs", // emulator delivery throughput, URL signing → results/server.json
  preprocess: "preprocess.mjs", // main-thread blocking of image preprocessing in Chromium → results/preprocess.json
  upload: "upload.mjs", // uploader bundle size vs Uppy/UploadThing, throughput vs bare XHR → results/upload.json
  network: "network.mjs", // upload throughput over emulated 20 Mbit/s and Fast 4G links → results/network.json
};
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(`Unknown suite ${unknown.join(", ")}; choose from ${Object.keys(SUITES).join(", ")}.`);
  process.exit(2);
}
const names = asked.length ? asked : Object.keys(SUITES);
const failed = [];
for (const name of names) {
  if (names.length > 1) console.log(`\n=== ${name} (bench/${SUITES[name]}) ===`);
  const file = fileURLToPath(new URL(SUITES[name], import.meta.url));
  const child = spawnSync(process.execPath, [...process.execArgv, file], { stdio: "inherit" });
  if (child.status !== 0) failed.push(`${name} (${child.error ?? child.signal ?? `exit ${child.status}`})`);
}
if (failed.length) console.error(`\nFailed: ${failed.join(", ")}`);
process.exitCode = failed.length ? 1 : 0;
