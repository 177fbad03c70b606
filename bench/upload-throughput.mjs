// 9. Upload throughput in Chromium through @darkroom/emulator: Darkroom's core Uploader against bare XMLHttpRequests,
// with the same endpoint (`createUploadHandler` on /api/upload), the same files and the same concurrency.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { importFromSource, pageBundle } from "./build.mjs";
import { cpuMeter } from "./process-cpu.mjs";

const _here = fileURLToPath(new URL(".", import.meta.url));

export const THROUGHPUT = {
  runs: 7,
  concurrency: 3, // the page's CONCURRENCY, and core's default
  /** Random-noise PNGs (noise barely compresses, so the size follows from the pixels). */
  scenarios: [
    { key: "one-8mb", label: "1 × 8 MB", count: 1, width: 2048, height: 1300 },
    { key: "fifty-200kb", label: "50 × 200 KB", count: 50, width: 258, height: 258 },
  ],
  /** [key, label]: `bare` is the baseline of the ratio column. */
  ways: [
    ["bare", "bare XHR + FormData"],
    ["bare-progress", "bare XHR + upload progress listener"],
    ["darkroom-plain", "Darkroom Uploader, preprocess off, drafts off"],
    ["darkroom-drafts", "Darkroom Uploader, preprocess off, drafts on (IndexedDB)"],
    ["darkroom-preprocess", "Darkroom Uploader, preprocess on, drafts off"],
    ["darkroom-preprocess-drafts", "Darkroom Uploader, preprocess on, drafts on (IndexedDB)"],
  ],
  /** Ways run once, untimed, before each scenario's timed runs. */
  warmup: ["bare", "darkroom-preprocess-drafts"],
  runTimeoutMs: 60_000,
};

/**
 * Median wall and CPU milliseconds per file over `runs` ({ ms, cpu: { nodeMs, chromiumMs } }): on loopback both
 * sides share two cores, so these say what an upload costs, where MB/s only says how fast this machine is.
 */
export function perFile(runs, files) {
  const chromiumMs = runs.map((x) => x.cpu?.chromiumMs);
  return {
    wallMsPerFile: median(runs.map((x) => x.ms)) / files,
    nodeCpuMsPerFile: median(runs.map((x) => x.cpu.nodeMs)) / files,
    chromiumCpuMsPerFile: chromiumMs.includes(undefined) ? undefined : median(chromiumMs) / files,
    /** Share of both cores kept busy by Node and Chromium together during the uploads (median of runs). */
    cpuBusy: median(runs.map((x) => (x.cpu.nodeMs + (x.cpu.chromiumMs ?? 0)) / x.ms / os.cpus().length)),
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A PNG of seeded random noise: a real image the emulator decodes, and every file's bytes differ. */
function noisePng(width, height, seed) {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** The emulator and the upload handler, built from the packages' TypeScript source into one Node module. */
const loadServerSide = () =>
  importFromSource(
    "darkroom-upload-backend",
    'export { startEmulator } from "@darkroom/emulator";\nexport { createImagesClient, createUploadHandler, toNodeListener } from "@darkroom/server";',
  );

/** Serves the page, its bundle and the images, and answers /api/upload with the Node listener `api`, on 127.0.0.1. */
async function serve(files, api) {
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/api/upload") return await api(req, res);
      const file = files[req.url ?? ""];
      res.writeHead(file ? 200 : 404, { "content-type": file?.type ?? "text/plain" });
      res.end(file?.body ?? "not found");
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Deletes stored images (untimed) so the in-memory emulator does not grow by 10 MB a run. */
export async function deleteImages(emulator, ids) {
  const base = `${emulator.url}/client/v4/accounts/${emulator.accountId}/images/v1`;
  const headers = { authorization: `Bearer ${emulator.apiToken}` };
  for (let i = 0; i < ids.length; i += 10)
    await Promise.all(
      ids.slice(i, i + 10).map(async (id) => {
        const path = id.split("/").map(encodeURIComponent).join("/");
        const res = await fetch(`${base}/${path}`, { method: "DELETE", headers });
        if (!res.ok) throw new Error(`DELETE ${id}: ${res.status}`);
      }),
    );
}

/**
 * Opens a fresh page, loads the files (untimed), awaits `prepare(page)` (e.g. network emulation, untimed) and uploads
 * them `way`; resolves its `window.run` result with the Node and Chromium CPU milliseconds spent during the upload.
 */
export async function runOnce(
  context,
  origin,
  names,
  way,
  { prepare, timeoutMs = THROUGHPUT.runTimeoutMs } = {},
) {
  const page = await context.newPage();
  let timer;
  try {
    await page.goto(origin);
    await page.waitForFunction(() => "run" in window);
    const bytes = await page.evaluate((n) => window.load(n), names);
    if (prepare) await prepare(page);
    const meter = cpuMeter();
    const result = await Promise.race([
      page.evaluate((w) => window.run(w), way),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${way}: no result after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ...result, bytes, cpu: meter.stop() };
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

/**
 * The machinery both throughput runs share: the scenarios' PNGs, the page, the in-process emulator, the upload
 * handler on /api/upload and an on-disk Chromium profile. `close()` stops all of it and removes the profile.
 */
export async function startUploadRig(scenarios = THROUGHPUT.scenarios) {
  const { startEmulator, createImagesClient, createUploadHandler, toNodeListener } = await loadServerSide();
  const images = {};
  const files = {};
  for (const s of scenarios) {
    images[s.key] = await Promise.all(
      Array.from({ length: s.count }, (_, i) => noisePng(s.width, s.height, 1 + i + s.count)),
    );
    images[s.key].forEach((body, i) => {
      files[`/files/${s.key}-${i}.png`] = { type: "image/png", body };
    });
  }
  files["/"] = {
    type: "text/html",
    body: '<!doctype html><meta charset="utf-8"><title>upload</title><script type="module" src="/page.js"></script>',
  };
  files["/page.js"] = { type: "text/javascript", body: await pageBundle("./upload-page.js") };

  const emulator = await startEmulator({ port: 0, host: "127.0.0.1" });
  const client = createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
  });
  const handler = createUploadHandler({ client, authorize: () => ({ id: "u1" }), rateLimit: false });
  const server = await serve(files, toNodeListener(handler));
  const profile = mkdtempSync(path.join(os.tmpdir(), "darkroom-upload-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"], // as e2e/browser.ts
  });
  return {
    images,
    emulator,
    context,
    origin: server.origin,
    /** The page's names of a scenario's files. */
    names: (s) => images[s.key].map((_, i) => `${s.key}-${i}.png`),
    /** Bytes of a scenario's files. */
    bytes: (s) => images[s.key].reduce((sum, b) => sum + b.length, 0),
    close: async () => {
      await context.close();
      await server.close();
      await emulator.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Per scenario and way: `runs` uploads of every file, each in a fresh page of one on-disk Chromium profile (as users
 * get IndexedDB), the ways' order rotating each run. Resolves medians, MB/s (10^6 bytes of files) and the raw runs.
 */
export async function uploadThroughputBench() {
  const rig = await startUploadRig();
  const samples = {};
  const notes = [];
  try {
    for (const s of THROUGHPUT.scenarios) {
      const names = rig.names(s);
      const ways = THROUGHPUT.ways;
      samples[s.key] = Object.fromEntries(ways.map(([key]) => [key, []]));
      // Untimed warm-up of the server side (JIT, sharp, the draft look-ups), then the timed runs.
      const schedule = THROUGHPUT.warmup.map((way) => ({ way, timed: false }));
      for (let run = 0; run < THROUGHPUT.runs; run++)
        for (let k = 0; k < ways.length; k++)
          schedule.push({ way: ways[(k + run) % ways.length][0], timed: true });
      for (const { way, timed } of schedule) {
        const result = await runOnce(rig.context, rig.origin, names, way);
        if (result.ids.length !== s.count) throw new Error(`${s.label} ${way}: ${result.ids.length} ids`);
        if (way.includes("preprocess") && result.meta?.blurhash === undefined)
          notes.push(`${s.label} ${way}: no blurhash in the metadata sent`);
        if (timed) samples[s.key][way].push({ ms: result.ms, bytes: result.bytes, cpu: result.cpu });
        await deleteImages(rig.emulator, result.ids);
      }
    }
  } finally {
    await rig.close();
  }

  const scenarios = THROUGHPUT.scenarios.map((s) => {
    const bytes = rig.bytes(s);
    const rows = THROUGHPUT.ways.map(([key, label]) => {
      const runs = samples[s.key][key];
      const ms = runs.map((x) => x.ms);
      const medianMs = median(ms);
      return {
        key,
        label,
        medianMs,
        minMs: Math.min(...ms),
        mbPerSecond: bytes / 1e6 / (medianMs / 1000),
        ...perFile(runs, s.count),
        ms,
      };
    });
    const bare = rows.find((r) => r.key === "bare");
    for (const r of rows) r.vsBare = r.mbPerSecond / bare.mbPerSecond;
    return { key: s.key, label: s.label, files: s.count, width: s.width, height: s.height, bytes, rows };
  });
  return {
    runs: THROUGHPUT.runs,
    concurrency: THROUGHPUT.concurrency,
    method:
      "Chromium (persistent on-disk profile), a fresh page per run; timed from the first provision request to the last stored image; MB = 10^6 bytes of files; CPU: process.cpuUsage() of Node (emulator, handler, Playwright) and /proc utime+stime (+ reaped children) of the Chromium process tree, over the upload only",
    scenarios,
    notes: [...new Set(notes)],
  };
}
