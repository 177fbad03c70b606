// Preprocessing benchmark: main-thread blocking while a 24-megapixel JPEG is measured and hashed, Darkroom's
// preprocessImage (Web Worker) side by side with main-thread approaches, in real Chromium, in the same run.
// Prints a table and writes bench/results/preprocess.json. The target is reported, never enforced.
// Run through run.mjs (`node bench/run.mjs preprocess`), or directly with `node bench/preprocess.mjs`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { pageBundle } from "./build.mjs";
import { stepsInto } from "./steps.mjs";
import { bytes, fixed, printTable, times } from "./table.mjs";

const TARGET_MS = 50; // no long task over 50 ms (the RAIL budget for staying responsive to input)
const IMAGE = { width: 6000, height: 4000 };
const RUNS = 3;
// [key, label, runs]: the full-canvas way blocks for about half a minute per run, so it runs once.
const WAYS = [
  ["darkroom", "Darkroom preprocessImage (worker)", RUNS],
  ["darkroom-downscale", "Darkroom preprocessImage, downscale to 4000 px", RUNS],
  ["main-small", "main thread: img.decode → 32 px canvas → blurhash encode", RUNS],
  ["main-full", "main thread: img.decode → full canvas → getImageData → encode", 1],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A photo-like 6000×4000 JPEG: smooth colour fields, a few edges and fine noise, as a camera writes (q88). */
async function photo() {
  const { width, height } = IMAGE;
  const px = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 27) - 16;
      const sky = y < height * (0.45 + 0.1 * Math.sin(x / 700));
      const i = (y * width + x) * 3;
      px[i] = (sky ? 90 + (60 * y) / height : 70 + 40 * Math.sin(x / 90) ** 2) + noise;
      px[i + 1] = (sky ? 140 + (50 * y) / height : 110 + 30 * Math.cos(y / 60)) + noise;
      px[i + 2] = (sky ? 220 - (40 * y) / height : 50 + (30 * x) / width) + noise;
    }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Serves the page, its bundle and the photo on 127.0.0.1. */
async function serve(files) {
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    res.writeHead(file ? 200 : 404, { "content-type": file?.type ?? "text/plain" });
    res.end(file?.body ?? "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg()[0],
  target: { maxLongTaskMs: TARGET_MS },
};
const started = performance.now();
const { step, failed } = stepsInto(report);

await step("preprocess", async () => {
  const [jpeg, script] = await Promise.all([photo(), pageBundle("./preprocess-page.js")]);
  const html =
    '<!doctype html><meta charset="utf-8"><title>preprocess</title><script type="module" src="/page.js"></script>';
  const server = await serve({
    "/": { type: "text/html", body: html },
    "/page.js": { type: "text/javascript", body: script },
    "/photo.jpg": { type: "image/jpeg", body: jpeg },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"], // as e2e/browser.ts
  });
  const samples = Object.fromEntries(WAYS.map(([key]) => [key, []]));
  try {
    // One fresh page per measurement (no decoded-image cache, no warm worker); the order rotates each run.
    for (let run = 0; run < RUNS; run++)
      for (let k = 0; k < WAYS.length; k++) {
        const [key, , runs] = WAYS[(k + run) % WAYS.length];
        if (run >= runs) continue;
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.origin);
        await page.waitForFunction(() => "measure" in window);
        samples[key].push(await page.evaluate(([way]) => window.measure(way, "/photo.jpg"), [key]));
        await context.close();
      }
  } finally {
    await browser.close();
    server.close();
  }
  const rows = WAYS.map(([key, label, runs]) => {
    const s = samples[key];
    return {
      key,
      label,
      runs,
      maxLongTaskMs: median(s.map((x) => x.maxLongTask)),
      worstLongTaskMs: Math.max(...s.map((x) => x.maxLongTask)),
      blockingMs: median(s.map((x) => x.blocking)),
      longTasks: median(s.map((x) => x.longTasks)),
      worstGapMs: median(s.map((x) => x.worstGap)),
      wallMs: median(s.map((x) => x.ms)),
      size: `${s[0].width}×${s[0].height}`,
      bytesOut: s[0].bytesOut,
      blurhash: s[0].blurhash,
      samples: s,
    };
  });
  return { image: { ...IMAGE, bytes: jpeg.length, quality: 88 }, rows };
});

const result = report.preprocess;
if (result?.rows) {
  const own = result.rows[0];
  printTable(
    `7. Main-thread blocking while preprocessing a ${result.image.width}×${result.image.height} JPEG (${bytes(result.image.bytes)}), Chromium, median of fresh pages`,
    [
      "approach",
      "runs",
      "max long task ms",
      "worst",
      "TBT ms",
      "long tasks",
      "max timer gap ms",
      "gap × Darkroom",
      "wall ms",
      "wall × Darkroom",
      "result",
    ],
    result.rows.map((r) => [
      r.label,
      r.runs,
      fixed(r.maxLongTaskMs, 0),
      fixed(r.worstLongTaskMs, 0),
      fixed(r.blockingMs, 0),
      r.longTasks,
      fixed(r.worstGapMs, 0),
      times(r.worstGapMs / own.worstGapMs),
      fixed(r.wallMs, 0),
      times(r.wallMs / own.wallMs),
      `${r.size}, ${r.blurhash ? "hash" : "no hash"}${r.bytesOut !== result.image.bytes ? `, ${bytes(r.bytesOut)} out` : ""}`,
    ]),
  );
  const targets = result.rows
    .filter((r) => r.key.startsWith("darkroom"))
    .map((r) => ({
      name: `${r.label}: worst long task (ms)`,
      value: r.worstLongTaskMs,
      target: `≤ ${TARGET_MS}`,
      pass: r.worstLongTaskMs <= TARGET_MS,
    }));
  report.targets = targets;
  printTable(
    "Darkroom target: no long task over 50 ms (worst of all runs)",
    ["target", "value", "limit", "result"],
    targets.map((t) => [t.name, fixed(t.value, 0), t.target, t.pass ? "PASS" : "MISS"]),
  );
}
report.seconds = (performance.now() - started) / 1000;
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const tmp = new URL("preprocess.json.tmp", dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, new URL("preprocess.json", dir));
console.log(`\nWrote bench/results/preprocess.json in ${report.seconds.toFixed(1)} s.`);
process.exitCode = failed() ? 1 : 0;
