// 5. Delivery throughput of @darkroom/emulator: requests/second and latency, cached and uncached variants.
import http from "node:http";
import sharp from "sharp";

export const EMULATOR = {
  image: { width: 2000, height: 1333, quality: 85 },
  concurrency: 8,
  /** Timed requests for the cached case (same URL; after one MISS and `warmupHits` untimed HITs). */
  cachedRequests: 400,
  warmupHits: 50,
  cachedVariant: "w=800",
  /** Timed requests for the uncached case: one per distinct width, `w=110`, `w=130`, … (never the cached one). */
  uncachedRequests: 60,
  uncachedWidth: (i) => 110 + 20 * i,
  /** No new request is started after this many ms of a case (the case is then marked capped). */
  capMs: 20_000,
  requestTimeoutMs: 30_000,
  accepts: [
    { label: "webp", accept: "image/webp,image/*,*/*;q=0.8", type: "image/webp", format: "webp" },
    { label: "jpeg", accept: "image/jpeg,image/*;q=0.8", type: "image/jpeg", format: "jpeg" },
  ],
};

/** A photo-like JPEG: colour gradients, soft waves and seeded grain (a flat image would resize unrealistically fast). */
async function makeJpeg({ width, height, quality }) {
  const pixels = new Uint8ClampedArray(width * height * 3);
  let seed = 0x2f6b1d;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const grain = (random() - 0.5) * 24;
      pixels[i] = (255 * x) / width + 40 * Math.sin(y / 37) + grain;
      pixels[i + 1] = (255 * y) / height + 40 * Math.cos(x / 53) + grain;
      pixels[i + 2] = 128 + 100 * Math.sin((x + y) / 90) + grain;
    }
  return sharp(Buffer.from(pixels.buffer), { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** One GET over `agent`; resolves with status, timing and headers (never rejects). */
function get(agent, url, accept, keepBody = false) {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.get(url, { agent, headers: { accept } }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
        if (keepBody) chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({
          ms: performance.now() - start,
          status: res.statusCode,
          cache: res.headers["x-darkroom-cache"] ?? "none",
          type: res.headers["content-type"] ?? "none",
          bytes,
          body: keepBody ? Buffer.concat(chunks) : undefined,
        }),
      );
      res.on("error", (error) => resolve({ ms: performance.now() - start, error: String(error) }));
    });
    req.on("error", (error) => resolve({ ms: performance.now() - start, error: String(error) }));
    req.setTimeout(EMULATOR.requestTimeoutMs, () => req.destroy(new Error("request timed out")));
  });
}

/** Nearest-rank percentile of sorted numbers. */
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

const tally = (items) => {
  const counts = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
};

/** Requests every URL with at most `concurrency` in flight, stopping early after `capMs`. */
async function load(agent, urls, accept) {
  const results = [];
  let next = 0;
  let capped = false;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < urls.length) {
      if (performance.now() - start > EMULATOR.capMs) {
        capped = true;
        return;
      }
      results.push(await get(agent, urls[next++], accept));
    }
  };
  await Promise.all(Array.from({ length: EMULATOR.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const ok = results.filter((r) => !r.error);
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    planned: urls.length,
    completed: results.length,
    capped,
    seconds,
    requestsPerSecond: results.length / seconds,
    /** Process CPU (client + server + sharp threads) per request. */
    cpuMsPerRequest: (user + system) / 1000 / Math.max(1, results.length),
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    maxMs: latencies[latencies.length - 1],
    meanBytes: ok.reduce((sum, r) => sum + r.bytes, 0) / Math.max(1, ok.length),
    statuses: tally(results.map((r) => (r.error ? "error" : r.status))),
    cache: tally(ok.map((r) => r.cache)),
    contentTypes: tally(ok.map((r) => r.type)),
    errors: [...new Set(results.filter((r) => r.error).map((r) => r.error))],
    latenciesMs: results.map((r) => Math.round(r.ms * 1000) / 1000),
  };
}

/** Notes on anything a case did not answer as expected (status, cache header, content type, early stop). */
function problems(run, expectCache, expectType) {
  const notes = [];
  const okCount = run.statuses[200] ?? 0;
  if (okCount !== run.completed) notes.push(`statuses ${JSON.stringify(run.statuses)}`);
  if ((run.cache[expectCache] ?? 0) !== okCount) notes.push(`X-Darkroom-Cache ${JSON.stringify(run.cache)}`);
  if ((run.contentTypes[expectType] ?? 0) !== okCount)
    notes.push(`content types ${JSON.stringify(run.contentTypes)}`);
  if (run.capped) notes.push(`stopped after ${EMULATOR.capMs / 1000} s (${run.completed}/${run.planned})`);
  if (run.errors.length) notes.push(`errors: ${run.errors.join("; ")}`);
  return notes;
}

/** Sends an Images API request with the Bearer token; returns the envelope's `result` or throws. */
async function api(emulator, method, path, body, headers = {}) {
  const url = `${emulator.url}/client/v4/accounts/${emulator.accountId}/${path}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${emulator.apiToken}`, ...headers },
    body,
  });
  const envelope = await res.json();
  if (!res.ok || !envelope.success)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(envelope.errors)}`);
  return envelope.result;
}

/**
 * Starts the emulator in-process (memory storage, port 0), enables flexible variants, uploads one JPEG through
 * the API and load-tests delivery for a cached variant and for distinct (uncached) widths, per Accept format.
 */
export async function emulatorBench({ startEmulator }) {
  const { width, height, quality } = EMULATOR.image;
  const jpeg = await makeJpeg(EMULATOR.image);
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1" });
  const agent = new http.Agent({ keepAlive: true, maxSockets: EMULATOR.concurrency });
  try {
    if (!emulator.url.startsWith("http://127.0.0.1:"))
      throw new Error(`unexpected emulator URL ${emulator.url}`);
    const config = await api(
      emulator,
      "PATCH",
      "images/v1/config",
      JSON.stringify({ flexible_variants: true }),
      { "content-type": "application/json" },
    );
    if (config?.flexible_variants !== true)
      throw new Error(`flexible variants not enabled: ${JSON.stringify(config)}`);
    const form = new FormData();
    form.append("file", new Blob([jpeg], { type: "image/jpeg" }), "bench.jpg");
    const image = await api(emulator, "POST", "images/v1", form);
    const setupNotes = [];
    if (image.width !== undefined && (image.width !== width || image.height !== height))
      setupNotes.push(`the API reports ${image.width}×${image.height} for the ${width}×${height} upload`);
    const base = `${emulator.url}/${emulator.accountHash}/${encodeURIComponent(image.id)}`;

    const cases = [];
    for (const format of EMULATOR.accepts) {
      const url = `${base}/${EMULATOR.cachedVariant}`;
      const first = await get(agent, url, format.accept, true);
      const notes = [];
      if (first.status !== 200 || first.cache !== "MISS")
        notes.push(`warm-up answered ${first.status ?? first.error} with X-Darkroom-Cache ${first.cache}`);
      if (first.body?.length) {
        const meta = await sharp(first.body).metadata();
        const wanted = Number(EMULATOR.cachedVariant.slice(2));
        if (meta.width !== wanted || meta.format !== format.format)
          notes.push(
            `warm-up body is ${meta.format} ${meta.width}×${meta.height}, expected ${format.format} w ${wanted}`,
          );
      }
      const warm = await load(agent, Array(EMULATOR.warmupHits).fill(url), format.accept);
      if ((warm.cache.HIT ?? 0) !== EMULATOR.warmupHits)
        notes.push(`warm-up hits ${JSON.stringify(warm.cache)}`);
      const run = await load(agent, Array(EMULATOR.cachedRequests).fill(url), format.accept);
      const { latenciesMs, ...rest } = run;
      cases.push({
        case: `cached ${EMULATOR.cachedVariant}`,
        format: format.label,
        accept: format.accept,
        expect: "HIT",
        ...rest,
        notes: [...notes, ...problems(run, "HIT", format.type)],
        latenciesMs,
      });
    }
    for (const format of EMULATOR.accepts) {
      const widths = Array.from({ length: EMULATOR.uncachedRequests }, (_, i) => EMULATOR.uncachedWidth(i));
      if (widths.some((w) => `w=${w}` === EMULATOR.cachedVariant))
        throw new Error("an uncached width is cached");
      const run = await load(
        agent,
        widths.map((w) => `${base}/w=${w}`),
        format.accept,
      );
      const { latenciesMs, ...rest } = run;
      cases.push({
        case: `uncached w=${widths[0]}…${widths[widths.length - 1]}`,
        format: format.label,
        accept: format.accept,
        expect: "MISS",
        ...rest,
        notes: problems(run, "MISS", format.type),
        latenciesMs,
      });
    }
    return {
      original: { width, height, quality, bytes: jpeg.length, id: image.id },
      concurrency: EMULATOR.concurrency,
      capMs: EMULATOR.capMs,
      warmupHits: EMULATOR.warmupHits,
      notes: setupNotes,
      cases,
    };
  } finally {
    agent.destroy();
    await emulator.stop();
  }
}
