// The server benchmarks: @darkroom/emulator delivery throughput and @darkroom/server URL signing.
// Prints a table per benchmark and writes raw numbers to bench/results/server.json (no targets).
// Run through run.mjs (`pnpm bench` or `node bench/run.mjs server`), or directly with `node bench/server.mjs`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { importFromSource } from "./build.mjs";
import { emulatorBench } from "./emulator.mjs";
import { signingBench } from "./signing.mjs";
import { stepsInto } from "./steps.mjs";
import { fixed, printTable, times } from "./table.mjs";

const _here = fileURLToPath(new URL(".", import.meta.url));
const machine = { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg()[0] };
const report = { date: new Date().toISOString(), ...machine };
const started = performance.now();

const { step, failed } = stepsInto(report);

const ms = (n) => fixed(n, n < 10 ? 2 : 1);

await step("emulator", async () => {
  const { startEmulator } = await importFromSource(
    "darkroom-emulator",
    'export { startEmulator } from "@darkroom/emulator";',
  );
  const e = await emulatorBench({ startEmulator });
  const o = e.original;
  printTable(
    `5. Emulator delivery (in-process, 127.0.0.1, keep-alive, ${e.concurrency} in flight; ${o.width}×${o.height} JPEG q${o.quality}, ${o.bytes.toLocaleString("en-US")} B)`,
    [
      "case",
      "Accept",
      "requests",
      "req/s",
      "p50 ms",
      "p95 ms",
      "max ms",
      "CPU ms/req",
      "mean KB",
      "X-Darkroom-Cache",
    ],
    e.cases.map((c) => [
      c.case,
      c.format,
      c.completed,
      fixed(c.requestsPerSecond, 1),
      ms(c.p50Ms),
      ms(c.p95Ms),
      ms(c.maxMs),
      fixed(c.cpuMsPerRequest),
      fixed(c.meanBytes / 1024, 1),
      Object.entries(c.cache)
        .map(([k, n]) => `${n} ${k}`)
        .join(", "),
    ]),
  );
  const notes = [...e.notes, ...e.cases.flatMap((c) => c.notes.map((n) => `${c.case} ${c.format}: ${n}`))];
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  return e;
});

await step("signing", async () => {
  const server = await importFromSource(
    "darkroom-server",
    'export { signUrl, verifySignedUrl } from "@darkroom/server";',
  );
  const s = await signingBench(server);
  printTable(
    `6. Signed URLs: ${s.count.toLocaleString("en-US")} operations per run, median of ${s.runs} runs after ${s.warmup} warm-up${s.warmup === 1 ? "" : "s"} (HMAC-SHA256 over ${s.messageBytes} B)`,
    ["operation", "ops/s", "µs/op", "min µs/op", "CPU µs/op", "× createHmac", "CPU × createHmac"],
    s.rows.map((r) => [
      r.label,
      Math.round(r.opsPerSecond).toLocaleString("en-US"),
      fixed(r.microsecondsPerOp),
      fixed((r.minMs * 1000) / s.count),
      fixed(r.cpuMicrosecondsPerOp),
      times(r.vsCreateHmac),
      times(r.cpuVsCreateHmac),
    ]),
  );
  return s;
});

report.loadAverageAfter = os.loadavg()[0];
const load = Math.max(report.loadAverage, report.loadAverageAfter);
if (load > machine.cpus)
  console.log(
    `\nNote: load average ${fixed(report.loadAverage)} before, ${fixed(report.loadAverageAfter)} after on ${machine.cpus} CPUs; wall-clock numbers are inflated (CPU columns are steadier).`,
  );
report.seconds = (performance.now() - started) / 1000;
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const tmp = new URL("server.json.tmp", dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, new URL("server.json", dir));
console.log(`\nWrote bench/results/server.json in ${report.seconds.toFixed(1)} s.`);
process.exitCode = failed() ? 1 : 0;
