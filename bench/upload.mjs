// The uploader benchmarks (issue 5): bundle size of useUploader and <Uploader> against react-dropzone, Uppy and
// UploadThing, and upload throughput through the emulator in Chromium against bare XMLHttpRequests, in one run.
// Prints a table per benchmark and writes bench/results/upload.json. Targets are reported, never enforced.
// Run through run.mjs (`node bench/run.mjs upload`), or directly with `node bench/upload.mjs`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { benchApp } from "./installed.mjs";
import { stepsInto } from "./steps.mjs";
import { bytes, fixed, percent, printTable, times } from "./table.mjs";
import { UPLOAD_BUNDLE_TARGETS, uploadBundleBench } from "./upload-bundle.mjs";
import { uploadThroughputBench } from "./upload-throughput.mjs";

const TARGETS = { hookGzip: UPLOAD_BUNDLE_TARGETS.hook, uiGzip: UPLOAD_BUNDLE_TARGETS.ui, vsBare: 0.95 };
/** Darkroom rows held to the throughput target: preprocess off, so only transport and queue overhead count. */
const THROUGHPUT_TARGETED = ["darkroom-plain", "darkroom-drafts"];
/** Where each Darkroom source file belongs, for "what to cut" (first match wins). */
const AREAS = [
  ["drop zone (react-dropzone + deps)", /^(react-dropzone|file-selector|attr-accept)\//],
  [
    "UI (<Uploader> components, styles, labels)",
    /^(@darkroom\/)?react\/(src|dist)\/uploader(\.[jt]sx?|-file|-styles|-labels)/,
  ],
  ["React hook glue", /^(@darkroom\/)?react\/(src|dist)\//],
  [
    "validation (sniff, validate, filename)",
    /^(@darkroom\/)?core\/(src|dist)\/(validate|sniff|filename)\.[jt]s$/,
  ],
  [
    "preprocess (worker, decode, BlurHash encode)",
    /^(@darkroom\/)?core\/(src|dist)\/(preprocess|blurhash-encode)/,
  ],
  [
    "drafts (IndexedDB store, shelf)",
    /^(@darkroom\/)?core\/(src|dist)\/(draft-|upload-draft|upload-drafts|random-key)/,
  ],
  ["queue, pipeline, retry, breaker", /^(@darkroom\/)?core\/(src|dist)\//],
];

const targets = [];
const check = (name, value, limit, atLeast = false) =>
  targets.push({
    name,
    value,
    target: `${atLeast ? "≥" : "≤"} ${limit}`,
    pass: atLeast ? value >= limit : value <= limit,
  });
const machine = { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg()[0] };
const report = { date: new Date().toISOString(), ...machine, limits: TARGETS, targets };
const started = performance.now();
const { step, failed } = stepsInto(report);

const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : "");

/** Minified bytes per area and the biggest files of one Darkroom bundle. */
function breakdown(row) {
  const areas = Object.fromEntries(AREAS.map(([name]) => [name, 0]));
  for (const [file, n] of Object.entries(row.inputs)) {
    const area = AREAS.find(([, pattern]) => pattern.test(file));
    areas[area ? area[0] : "other"] = (areas[area ? area[0] : "other"] ?? 0) + n;
  }
  const total = Object.values(row.inputs).reduce((sum, n) => sum + n, 0);
  return {
    totalMin: total,
    areas: Object.entries(areas)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([area, min]) => ({ area, min, share: min / total, gzipEstimate: (row.gzip * min) / total })),
    files: Object.entries(row.inputs).slice(0, 12),
  };
}

await step("bundle", async () => {
  const b = await uploadBundleBench(benchApp());
  const limit = { hook: TARGETS.hookGzip, ui: TARGETS.uiGzip };
  printTable(
    "8. Uploader bundle size as installed (packed tarballs / registry; esbuild, minified, splitting, production; react, react-dom, @tanstack/react-query external; gzip -9)",
    [
      "tier",
      "import",
      "JS min",
      "JS min+gzip",
      "CSS min+gzip",
      "total gzip",
      "× Darkroom",
      "later, gzip",
      "target",
      "from source",
    ],
    b.rows.map((r) =>
      r.error
        ? [r.tier, r.label, `error: ${r.error}`]
        : [
            r.tier,
            r.label,
            kb(r.min),
            kb(r.gzip),
            r.cssGzip ? kb(r.cssGzip) : "",
            kb(r.total),
            times(r.vsDarkroom),
            r.lazyGzip ? `${kb(r.lazyGzip)} in ${r.lazyChunks}` : "",
            r.key.startsWith("darkroom")
              ? `${r.gzip <= limit[r.tier] ? "PASS" : "MISS"} ≤ ${kb(limit[r.tier])}`
              : "",
            r.sourceGzip ? kb(r.sourceGzip) : "",
          ],
    ),
  );
  console.log(
    "KB = 1,024 B. Sizes are what a page loads up front; “later” is JS in chunks loaded through import() when first needed (Darkroom: file checks and image measuring, with the first file). × Darkroom compares up-front JS + CSS with the Darkroom entry of the same tier.",
  );
  for (const r of b.rows.filter((row) => row.key.startsWith("darkroom") && !row.error)) {
    r.breakdown = breakdown(r);
    printTable(
      `Where ${r.label}'s ${kb(r.gzip)} go (minified bytes by area; gzip share estimated in proportion)`,
      ["area", "min", "share", "≈ gzip"],
      r.breakdown.areas.map((a) => [a.area, bytes(a.min), percent(a.share), kb(a.gzipEstimate)]),
    );
    console.log(
      `Biggest files: ${r.breakdown.files.map(([file, n]) => `${file} ${n.toLocaleString("en-US")}`).join(", ")}`,
    );
    check(`bundle: ${r.label} min+gzip up front (B)`, r.gzip, limit[r.tier]);
  }
  return b;
});

await step("throughput", async () => {
  const t = await uploadThroughputBench();
  for (const s of t.scenarios)
    printTable(
      `9. Upload throughput, ${s.label} (${s.width}×${s.height} noise PNGs, ${(s.bytes / 1e6).toFixed(2)} MB in all), ${t.concurrency} at a time, Chromium → emulator; median of ${t.runs} runs`,
      [
        "way",
        "median ms",
        "min ms",
        "wall ms/file",
        "Node CPU ms/file",
        "Chromium CPU ms/file",
        "CPU busy",
        "MB/s",
        "× bare XHR",
        "target",
      ],
      s.rows.map((r) => [
        r.label,
        fixed(r.medianMs, 0),
        fixed(r.minMs, 0),
        fixed(r.wallMsPerFile, 1),
        fixed(r.nodeCpuMsPerFile, 1),
        fixed(r.chromiumCpuMsPerFile, 1),
        percent(r.cpuBusy),
        fixed(r.mbPerSecond, 1),
        times(r.vsBare),
        THROUGHPUT_TARGETED.includes(r.key) ? `${r.vsBare >= TARGETS.vsBare ? "PASS" : "MISS"} ≥ 0.95` : "",
      ]),
    );
  console.log(
    "MB = 10^6 bytes of image files; the time runs from the first request to the last stored image. Loopback: Chromium, the emulator and the handler share the cores, so this is a CPU figure: Node CPU is the emulator + handler + Playwright process, Chromium CPU its whole process tree, both over the upload only (medians of runs); CPU busy is their sum over wall time × cores. Bench 10 (node bench/run.mjs network) measures throughput over an emulated network.",
  );
  if (t.notes.length) console.log(`\nNotes:\n${t.notes.map((n) => `  - ${n}`).join("\n")}`);
  for (const s of t.scenarios)
    for (const r of s.rows.filter((row) => THROUGHPUT_TARGETED.includes(row.key)))
      check(`throughput ${s.label}: ${r.label} ÷ bare XHR`, r.vsBare, TARGETS.vsBare, true);
  return t;
});

printTable(
  "Darkroom targets",
  ["target", "value", "limit", "result"],
  targets.map((t) => [
    t.name,
    t.name.startsWith("bundle") ? bytes(t.value) : fixed(t.value),
    t.target,
    t.pass ? "PASS" : "MISS",
  ]),
);
report.loadAverageAfter = os.loadavg()[0];
const load = Math.max(report.loadAverage, report.loadAverageAfter);
if (load > machine.cpus)
  console.log(
    `\nNote: load average ${fixed(report.loadAverage)} before, ${fixed(report.loadAverageAfter)} after on ${machine.cpus} CPUs; throughput numbers are noisy.`,
  );
report.seconds = (performance.now() - started) / 1000;
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const tmp = new URL("upload.json.tmp", dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, new URL("upload.json", dir));
console.log(`\nWrote bench/results/upload.json in ${report.seconds.toFixed(1)} s.`);
process.exitCode = failed() ? 1 : 0;
