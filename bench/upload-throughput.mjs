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
async function deleteImages(emulator, ids) {
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

/** Opens a fresh page, loads the files (untimed) and uploads them `way`; resolves its `window.run` result. */
async function runOnce(context, origin, names, way) {
  const page = await context.newPage();
  let timer;
  try {
    await page.goto(origin);
    await page.waitForFunction(() => "run" in window);
    const bytes = await page.evaluate((n) => window.load(n), names);
    const result = await Promise.race([
      page.evaluate((w) => window.run(w), way),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${way}: no result after ${THROUGHPUT.runTimeoutMs} ms`)),
          THROUGHPUT.runTimeoutMs,
        );
      }),
    ]);
    return { ...result, bytes };
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

/**
 * Per scenario and way: `runs` uploads of every file, each in a fresh page of one on-disk Chromium profile (as users
 * get IndexedDB), the ways' order rotating each run. Resolves medians, MB/s (10^6 bytes of files) and the raw runs.
 */
export async function uploadThroughputBench() {
  const { startEmulator, createImagesClient, createUploadHandler, toNodeListener } = await loadServerSide();
  const images = {};
  const files = {};
  for (const s of THROUGHPUT.scenarios) {
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
  const samples = {};
  const notes = [];
  try {
    for (const s of THROUGHPUT.scenarios) {
      const names = images[s.key].map((_, i) => `${s.key}-${i}.png`);
      const ways = THROUGHPUT.ways;
      samples[s.key] = Object.fromEntries(ways.map(([key]) => [key, []]));
      // Untimed warm-up of the server side (JIT, sharp, the draft look-ups), then the timed runs.
      const schedule = THROUGHPUT.warmup.map((way) => ({ way, timed: false }));
      for (let run = 0; run < THROUGHPUT.runs; run++)
        for (let k = 0; k < ways.length; k++)
          schedule.push({ way: ways[(k + run) % ways.length][0], timed: true });
      for (const { way, timed } of schedule) {
        const result = await runOnce(context, server.origin, names, way);
        if (result.ids.length !== s.count) throw new Error(`${s.label} ${way}: ${result.ids.length} ids`);
        if (way.includes("preprocess") && result.meta?.blurhash === undefined)
          notes.push(`${s.label} ${way}: no blurhash in the metadata sent`);
        if (timed) samples[s.key][way].push({ ms: result.ms, bytes: result.bytes });
        await deleteImages(emulator, result.ids);
      }
    }
  } finally {
    await context.close();
    await server.close();
    await emulator.stop();
    rmSync(profile, { recursive: true, force: true });
  }

  const scenarios = THROUGHPUT.scenarios.map((s) => {
    const bytes = images[s.key].reduce((sum, b) => sum + b.length, 0);
    const rows = THROUGHPUT.ways.map(([key, label]) => {
      const ms = samples[s.key][key].map((x) => x.ms);
      const medianMs = median(ms);
      return {
        key,
        label,
        medianMs,
        minMs: Math.min(...ms),
        mbPerSecond: bytes / 1e6 / (medianMs / 1000),
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
      "Chromium (persistent on-disk profile), a fresh page per run; timed from the first provision request to the last stored image; MB = 10^6 bytes of files",
    scenarios,
    notes: [...new Set(notes)],
  };
}
