// 6. Signed delivery URLs: @darkroom/server's signUrl / verifySignedUrl against node:crypto's createHmac.
import { createHmac, webcrypto } from "node:crypto";
import { ACCOUNT, imageId } from "./libs.mjs";

export const SIGNING = { count: 20_000, runs: 5, warmup: 1, inFlight: 64 };
const KEY = "8f2c1e9a4b7d6053e1f0a9c8b7d6e5f4";
const NOW = Date.UTC(2026, 0, 1);
const EXPIRES_IN = 3600;
const encoder = new TextEncoder();
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** Runs `fn(i)` for i < count with at most `limit` promises pending. */
async function pool(count, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Times SIGNING.count operations per variant; each run rotates the variants' order, the first `warmup` runs are
 * discarded, and each variant reports its median. Every URL (distinct image id) is signed with the same key.
 */
export async function signingBench({ signUrl, verifySignedUrl }) {
  const { count, runs, warmup, inFlight } = SIGNING;
  const urls = Array.from(
    { length: count },
    (_, i) => `https://imagedelivery.net/${ACCOUNT}/${imageId(i)}/public`,
  );
  const options = { expiresIn: EXPIRES_IN, now: NOW };
  const signed = [];
  for (const url of urls) signed.push(await signUrl(url, KEY, options));
  // The string each signature covers (pathname + "?" + query without sig), and the signature itself.
  const messages = signed.map((s) => {
    const url = new URL(s);
    const sig = url.searchParams.get("sig");
    url.searchParams.delete("sig");
    return { message: `${url.pathname}?${url.searchParams}`, sig };
  });
  const mismatches = messages.filter(
    ({ message, sig }) => createHmac("sha256", KEY).update(message).digest("hex") !== sig,
  ).length;
  if (mismatches) throw new Error(`${mismatches} of ${count} signatures differ from createHmac's`);
  let invalid = 0;
  for (const s of signed) if (!(await verifySignedUrl(s, KEY, { now: NOW })).valid) invalid++;
  if (invalid) throw new Error(`verifySignedUrl refused ${invalid} of ${count} fresh signatures`);

  const importedKey = await webcrypto.subtle.importKey(
    "raw",
    encoder.encode(KEY),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  let sink = 0;
  const variants = [
    {
      key: "signUrl",
      label: "signUrl, one at a time",
      run: async () => {
        for (let i = 0; i < count; i++) sink += (await signUrl(urls[i], KEY, options)).length;
      },
    },
    {
      key: "signUrlConcurrent",
      label: `signUrl, ${inFlight} in flight`,
      run: () =>
        pool(count, inFlight, async (i) => {
          sink += (await signUrl(urls[i], KEY, options)).length;
        }),
    },
    {
      key: "verifySignedUrl",
      label: "verifySignedUrl, one at a time",
      run: async () => {
        for (let i = 0; i < count; i++)
          if ((await verifySignedUrl(signed[i], KEY, { now: NOW })).valid) sink++;
      },
    },
    {
      key: "webCryptoImportSign",
      label: "Web Crypto importKey + sign + hex (key imported per call)",
      run: async () => {
        for (let i = 0; i < count; i++) {
          const k = await webcrypto.subtle.importKey(
            "raw",
            encoder.encode(KEY),
            { name: "HMAC", hash: "SHA-256" },
            false,
            ["sign"],
          );
          sink += hex(await webcrypto.subtle.sign("HMAC", k, encoder.encode(messages[i].message))).length;
        }
      },
    },
    {
      key: "webCryptoSign",
      label: "Web Crypto sign + hex (key imported once)",
      run: async () => {
        for (let i = 0; i < count; i++)
          sink += hex(
            await webcrypto.subtle.sign("HMAC", importedKey, encoder.encode(messages[i].message)),
          ).length;
      },
    },
    {
      key: "createHmac",
      label: "node:crypto createHmac(...).digest('hex') (baseline)",
      run: () => {
        for (let i = 0; i < count; i++)
          sink += createHmac("sha256", KEY).update(messages[i].message).digest("hex").length;
      },
    },
  ];
  const times = Object.fromEntries(variants.map((v) => [v.key, []]));
  const cpuTimes = Object.fromEntries(variants.map((v) => [v.key, []]));
  for (let r = 0; r < warmup + runs; r++)
    for (let j = 0; j < variants.length; j++) {
      const v = variants[(r + j) % variants.length];
      const start = performance.now();
      const cpu = process.cpuUsage();
      await v.run();
      const { user, system } = process.cpuUsage(cpu);
      if (r >= warmup) {
        times[v.key].push(performance.now() - start);
        cpuTimes[v.key].push((user + system) / 1000);
      }
    }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const rows = variants.map((v) => {
    const medianMs = median(times[v.key]);
    return {
      key: v.key,
      label: v.label,
      medianMs,
      minMs: Math.min(...times[v.key]),
      /** Process CPU time (main thread and libuv pool, where Web Crypto runs), median over runs. */
      cpuMedianMs: median(cpuTimes[v.key]),
      cpuMicrosecondsPerOp: (median(cpuTimes[v.key]) * 1000) / count,
      opsPerSecond: count / (medianMs / 1000),
      microsecondsPerOp: (medianMs * 1000) / count,
      runsMs: times[v.key],
      cpuRunsMs: cpuTimes[v.key],
    };
  });
  const baseline = rows.find((r) => r.key === "createHmac");
  for (const r of rows) {
    r.vsCreateHmac = r.medianMs / baseline.medianMs;
    r.cpuVsCreateHmac = r.cpuMedianMs / baseline.cpuMedianMs;
  }
  return {
    count,
    runs,
    warmup,
    inFlight,
    urlExample: signed[0],
    messageBytes: messages[0].message.length,
    checks: { signaturesMatchCreateHmac: true, verifiedValid: count },
    sink,
    rows,
  };
}
