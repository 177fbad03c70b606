// The network suite (issue 12 §2): upload throughput of Darkroom's Uploader against a minimal direct-creator-upload
// client over emulated links (bench 10). Prints a table per profile and writes bench/results/network.json; the
// target is reported, never enforced. Takes about 15 minutes (the Fast 4G profile moves 18 MB at 1.35 Mbit/s, 6 times).
// Run through run.mjs (`node bench/run.mjs network`), or directly: `node bench/network.mjs [profile key…]`.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { stepsInto } from "./steps.mjs";
import { fixed, percent, printTable, times } from "./table.mjs";
import { NETWORK, uploadNetworkBench } from "./upload-network.mjs";

const TARGETS = { vsMinimal: 0.95 };
const TARGETED = "darkroom-plain";

const asked = process.argv.slice(2);
const profiles = asked.length ? NETWORK.profiles.filter((p) => asked.includes(p.key)) : NETWORK.profiles;
if (profiles.length !== (asked.length || NETWORK.profiles.length)) {
  console.error(`Unknown profile; choose from ${NETWORK.profiles.map((p) => p.key).join(", ")}.`);
  process.exit(2);
}

const targets = [];
const machine = { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg()[0] };
const report = { date: new Date().toISOString(), ...machine, limits: TARGETS, targets };
const started = performance.now();
const { step, failed } = stepsInto(report);

await step("network", async () => {
  const n = await uploadNetworkBench({ profiles });
  for (const p of n.profiles)
    for (const s of p.scenarios) {
      printTable(
        `10. Upload over ${p.label} (${p.source}); ${s.label} (${(s.bytes / 1e6).toFixed(2)} MB), ${n.concurrency} at a time, Chromium → emulator; median of ${p.runs} runs, order rotating; wire floor ${fixed(s.floorMs / 1000)} s`,
        ["client", "median s", "min s", "max s", "Mbit/s", "× floor", "CPU busy", "× minimal", "target"],
        s.rows.map((r) => [
          r.label,
          fixed(r.medianMs / 1000),
          fixed(r.minMs / 1000),
          fixed(r.maxMs / 1000),
          fixed(r.mbitPerSecond),
          times(r.vsFloor),
          percent(r.cpuBusy),
          times(r.vsMinimal),
          r.key === TARGETED ? `${r.vsMinimal >= TARGETS.vsMinimal ? "PASS" : "MISS"} ≥ 0.95` : "",
        ]),
      );
      console.log(
        s.throttled
          ? `Throttling held: the minimal client's fastest run took ${fixed(s.rows[0].minMs / 1000)} s ≥ ${percent(NETWORK.floorShare)} of the ${fixed(s.floorMs / 1000)} s wire floor.`
          : `THROTTLING NOT APPLIED: the minimal client's fastest run took ${fixed(s.rows[0].minMs / 1000)} s, under ${percent(NETWORK.floorShare)} of the ${fixed(s.floorMs / 1000)} s wire floor; these numbers are not a network measurement.`,
      );
      const darkroom = s.rows.find((r) => r.key === TARGETED);
      targets.push({
        name: `${p.key} ${s.label}: Darkroom ÷ minimal client throughput`,
        value: darkroom.vsMinimal,
        target: `≥ ${TARGETS.vsMinimal}`,
        pass: s.throttled && darkroom.vsMinimal >= TARGETS.vsMinimal,
        throttled: s.throttled,
      });
    }
  console.log(
    "Mbit/s counts image-file bytes only; × floor is the median over the time the file bytes alone need at the upload rate; × minimal is Darkroom's throughput over the minimal client's (its median ms ÷ Darkroom's). CPU busy is Node + Chromium CPU over wall time × cores.",
  );
  return n;
});

printTable(
  "Darkroom network targets",
  ["target", "value", "limit", "result"],
  targets.map((t) => [
    t.name,
    fixed(t.value),
    t.target,
    t.throttled ? (t.pass ? "PASS" : "MISS") : "not throttled",
  ]),
);
report.loadAverageAfter = os.loadavg()[0];
const load = Math.max(report.loadAverage, report.loadAverageAfter);
if (load > machine.cpus)
  console.log(
    `\nNote: load average ${fixed(report.loadAverage)} before, ${fixed(report.loadAverageAfter)} after on ${machine.cpus} CPUs.`,
  );
report.seconds = (performance.now() - started) / 1000;
const dir = new URL("./results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const tmp = new URL("network.json.tmp", dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, new URL("network.json", dir));
console.log(`\nWrote bench/results/network.json in ${report.seconds.toFixed(1)} s.`);
process.exitCode = failed() ? 1 : 0;
