// 10. Upload throughput over an emulated network: Darkroom's core Uploader against a minimal direct-creator-upload
// client (one provision fetch, one multipart XHR per file, a pool of 3), in the same page bundle, Chromium and
// emulator, with the page's traffic shaped by Chromium's DevTools network emulation. On loopback (bench 9) both
// sides share two cores, so that run measures CPU; here the link is the bottleneck, as it is for users.
import { deleteImages, median, perFile, runOnce, startUploadRig, THROUGHPUT } from "./upload-throughput.mjs";

const mbit = (n) => (n * 1e6) / 8; // Mbit/s → bytes/s, as Network.emulateNetworkConditions takes them

export const NETWORK = {
  /**
   * `latency` is what Chromium adds between sending a request and its response headers (about one RTT), per request;
   * throughputs are bytes/s shared by all of the page's requests.
   */
  profiles: [
    {
      key: "broadband",
      label: "20 Mbit/s up, 50 Mbit/s down, 40 ms",
      source: "issue 12 §2: a typical cable/fibre home upload",
      latency: 40,
      downloadThroughput: mbit(50),
      uploadThroughput: mbit(20),
      runs: 7,
      ways: ["bare", "darkroom-plain", "bare-progress"],
    },
    {
      key: "fast-4g",
      label: "Fast 4G: 1.35 Mbit/s up, 8.1 Mbit/s down, 165 ms",
      source:
        "Chrome DevTools / Puppeteer PredefinedNetworkConditions 'Fast 4G': 9 Mbit/s down × 0.9, 1.5 Mbit/s up × 0.9, 60 ms RTT × 2.75",
      latency: 60 * 2.75,
      downloadThroughput: mbit(9) * 0.9,
      uploadThroughput: mbit(1.5) * 0.9,
      runs: 3,
      ways: ["bare", "darkroom-plain"],
    },
  ],
  /** Row labels; `bare` is the minimal client the ratio divides by. */
  labels: {
    bare: "minimal client (provision + XHR FormData, pool of 3)",
    "darkroom-plain": "Darkroom Uploader (preprocess off, drafts off)",
    "bare-progress": "minimal client + upload progress listener (CORS preflight)",
  },
  /** A run slower than its wire floor × this, plus a minute, is stopped (the floor is bytes ÷ upload rate). */
  timeoutFactor: 3,
  /** Throttling is taken as applied when the minimal client takes at least this share of the wire floor. */
  floorShare: 0.95,
};

/** Sets the profile's conditions on `page` through a CDP session (after the untimed file load). */
const throttle = (profile) => async (page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.downloadThroughput,
    uploadThroughput: profile.uploadThroughput,
  });
};

/**
 * Per profile and scenario (1 × 8 MB, 50 × 200 KB, concurrency 3): one untimed loopback warm-up of each way, then
 * `runs` throttled runs of each way in a fresh page, the ways' order rotating every run (with two ways: alternating).
 * Resolves medians, the ratio Darkroom ÷ minimal in throughput, and whether throttling held (wire floor check).
 */
export async function uploadNetworkBench({ profiles = NETWORK.profiles } = {}) {
  const rig = await startUploadRig();
  const results = [];
  try {
    for (const profile of profiles) {
      const scenarios = [];
      for (const s of THROUGHPUT.scenarios) {
        const names = rig.names(s);
        const bytes = rig.bytes(s);
        const floorMs = (bytes / profile.uploadThroughput) * 1000;
        const timeoutMs = floorMs * NETWORK.timeoutFactor + 60_000;
        const samples = Object.fromEntries(profile.ways.map((way) => [way, []]));
        const schedule = profile.ways.map((way) => ({ way, timed: false }));
        for (let run = 0; run < profile.runs; run++)
          for (let k = 0; k < profile.ways.length; k++)
            schedule.push({ way: profile.ways[(k + run) % profile.ways.length], timed: true, position: k });
        for (const { way, timed, position } of schedule) {
          const result = await runOnce(rig.context, rig.origin, names, way, {
            prepare: timed ? throttle(profile) : undefined,
            timeoutMs,
          });
          if (result.ids.length !== s.count) throw new Error(`${profile.key} ${s.label} ${way}: ids`);
          if (timed) samples[way].push({ ms: result.ms, cpu: result.cpu, position });
          await deleteImages(rig.emulator, result.ids);
        }
        const rows = profile.ways.map((way) => {
          const ms = samples[way].map((x) => x.ms);
          const medianMs = median(ms);
          return {
            key: way,
            label: NETWORK.labels[way],
            medianMs,
            minMs: Math.min(...ms),
            maxMs: Math.max(...ms),
            mbitPerSecond: (bytes * 8) / 1e6 / (medianMs / 1000),
            vsFloor: medianMs / floorMs,
            ...perFile(samples[way], s.count),
            ms,
            /** Place of each run in its repetition (0 = first), to see any order bias. */
            positions: samples[way].map((x) => x.position),
          };
        });
        const minimal = rows.find((r) => r.key === "bare");
        for (const r of rows) r.vsMinimal = minimal.medianMs / r.medianMs;
        scenarios.push({
          key: s.key,
          label: s.label,
          files: s.count,
          bytes,
          floorMs,
          throttled: minimal.minMs >= floorMs * NETWORK.floorShare,
          rows,
        });
      }
      results.push({ ...profile, scenarios });
    }
  } finally {
    await rig.close();
  }
  return {
    concurrency: THROUGHPUT.concurrency,
    method:
      "Chromium DevTools protocol Network.emulateNetworkConditions on each fresh page after its files are loaded (untimed); timed in the page from the first provision request to the last stored image; wire floor = file bytes ÷ upload rate (multipart and headers not counted); ratio = minimal median ms ÷ Darkroom median ms",
    profiles: results,
  };
}
