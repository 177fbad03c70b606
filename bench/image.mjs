// The image benchmarks: Darkroom side by side with @unpic/react, next/image and react-blurhash.
// Prints a table per benchmark and writes bench/results/image.json. Targets are reported, never enforced.
// Run through run.mjs (`pnpm bench` or `node bench/run.mjs image`), or directly with `node bench/image.mjs`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { stepsInto } from "./steps.mjs";

// Production React and no development warnings, as on a deployed server. Set before React is imported.
process.env.NODE_ENV = "production";
const { bundleBench } = await import("./bundle.mjs");
const { benchApp } = await import("./installed.mjs");
const { loadLibraries } = await import("./libs.mjs");
const { LIBRARIES, overfetchBench } = await import("./overfetch.mjs");
const { placeholderBytes, ssrBench } = await import("./ssr.mjs");
const { bytes, fixed, percent, printTable, times } = await import("./table.mjs");

const TARGETS = {
  bundleGzip: Math.floor(3.8 * 1024),
  bundleVsPair: 0.86,
  overfetchMean: 1.06,
  overfetchWorst: 1.25,
  candidates: 12,
  ssrVsNext: 1,
  placeholderBytes: 1024,
};
const targets = [];
const check = (name, value, limit) =>
  targets.push({ name, value, target: `≤ ${limit}`, pass: value <= limit });
const machine = { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg()[0] };
const report = { date: new Date().toISOString(), ...machine, limits: TARGETS, targets };
const started = performance.now();

const { step, failed } = stepsInto(report);
// Darkroom's packed tarballs and every competitor, installed with npm outside the workspace.
const app = benchApp();

await step("bundle", async () => {
  const b = await bundleBench(app);
  printTable(
    "1. Bundle size as installed (packed tarballs / registry; esbuild, minified, splitting, react external; gzip -9)",
    ["import", "min", "min+gzip up front", "later", "dev min+gzip", "gzip × Darkroom", "from source"],
    b.rows.map((r) =>
      r.error
        ? [r.label, `error: ${r.error}`]
        : [
            r.label,
            bytes(r.min),
            bytes(r.gzip),
            bytes(r.lazyGzip),
            bytes(r.devGzip),
            times(r.vsDarkroom),
            r.sourceGzip ? bytes(r.sourceGzip) : "",
          ],
    ),
  );
  const own = b.rows.find((r) => r.key === "darkroom");
  console.log(
    `\nDarkroom modules up front: ${own.modules.join(" ")}; later: ${own.lazyModules.join(" ") || "none"}`,
  );
  const parts = Object.entries(own.inputs ?? {}).map(([file, n]) => `${file} ${n}`);
  console.log(`Darkroom minified bytes by file: ${parts.join(", ")}`);
  check("bundle: Darkroom <Image> min+gzip as installed (B)", own.gzip, TARGETS.bundleGzip);
  const pair = b.rows.find((r) => r.key === "unpicBasePair");
  if (pair?.gzip)
    check(
      "bundle: <Image> ÷ @unpic/react/base + transformer + react-blurhash",
      own.gzip / pair.gzip,
      TARGETS.bundleVsPair,
    );
  return b;
});

const libs = await loadLibraries(app);

await step("overfetch", () => {
  const o = overfetchBench(libs);
  const rows = [];
  const notes = [];
  const own = o.results.darkroom;
  for (const [i, s] of [...own.scenarios, own.overall].entries())
    for (const lib of Object.keys(LIBRARIES)) {
      const { label, scenarios, overall } = o.results[lib];
      const r = i < own.scenarios.length ? scenarios[i] : overall;
      if (r.error) rows.push([s.scenario, label, `error: ${r.error}`]);
      else
        rows.push([
          s.scenario,
          label,
          fixed(r.mean, 3),
          fixed(r.worst, 3),
          percent(r.underServed),
          fixed(r.shortest),
          r.candidates,
          times(r.mean / s.mean),
        ]);
      for (const n of r.notes ?? []) notes.push(`${label}, ${r.scenario}: ${n}`);
    }
  printTable(
    `2. Over-fetch (viewports ${o.grid.viewports.from}–${o.grid.viewports.to} px × DPR ${o.grid.dprs.join("/")}; chosen ÷ needed, min 1)`,
    [
      "scenario",
      "library",
      "mean",
      "worst",
      "under-served",
      "min fetched÷need",
      "candidates",
      "mean × Darkroom",
    ],
    rows,
  );
  if (notes.length) console.log(`\nNotes on emitted srcsets:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  for (const r of [...own.scenarios, own.overall]) {
    if (r.error) continue;
    check(`over-fetch mean: ${r.scenario}`, r.mean, TARGETS.overfetchMean);
    check(`over-fetch worst: ${r.scenario}`, r.worst, TARGETS.overfetchWorst);
    check(`candidates: ${r.scenario}`, r.candidates, TARGETS.candidates);
  }
  return o;
});

await step("ssr", () => {
  const s = ssrBench(libs);
  const own = s.rows.find((r) => r.key === "darkroom");
  printTable(
    `3. SSR renderToString of ${s.images.toLocaleString("en-US")} images (${s.image.layout} ${s.image.width}×${s.image.height}), median of ${s.runs} runs after ${s.warmup} warm-ups`,
    ["variant", "CPU ms / 1,000", "min", "wall ms", "× next/image", "× Darkroom"],
    s.rows.map((r) => [
      r.label,
      fixed(r.medianMs),
      fixed(r.minMs),
      fixed(r.wallMs),
      times(r.vsNext),
      times(r.medianMs / own.medianMs),
    ]),
  );
  check("SSR: Darkroom + BlurHash (cold) ÷ next/image <Image>", own.vsNext, TARGETS.ssrVsNext);
  return s;
});

await step("placeholder", () => {
  const p = placeholderBytes(libs);
  printTable(
    `4. HTML bytes a BlurHash placeholder adds per image (with − without, ${p.images.toLocaleString("en-US")} distinct hashes)`,
    ["library", "mean", "min", "max"],
    [
      [
        "Darkroom blurhash=…",
        bytes(Math.round(p.darkroom.mean)),
        bytes(p.darkroom.min),
        bytes(p.darkroom.max),
      ],
      [
        "@unpic/react + <Blurhash>",
        bytes(Math.round(p.unpicBlurhash.mean)),
        bytes(p.unpicBlurhash.min),
        bytes(p.unpicBlurhash.max),
      ],
    ],
  );
  if (p.blurhashSsrNote) console.log(`\nNote: ${p.blurhashSsrNote}.`);
  check("placeholder HTML bytes per image (mean)", p.darkroom.mean, TARGETS.placeholderBytes);
  return p;
});

printTable(
  "Darkroom targets",
  ["target", "value", "limit", "result"],
  targets.map((t) => [
    t.name,
    Number.isInteger(t.value) ? t.value : fixed(t.value, 3),
    t.target,
    t.pass ? "pass" : "MISS",
  ]),
);
report.seconds = (performance.now() - started) / 1000;
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const tmp = new URL("image.json.tmp", dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, new URL("image.json", dir));
console.log(`\nWrote bench/results/image.json in ${report.seconds.toFixed(1)} s.`);
process.exitCode = failed() ? 1 : 0;
