// Runs named benchmark steps into a report: a crash is recorded and printed, and the others still run.

/** Returns `step(name, fn)`, which stores `fn()`'s result (plus its seconds) under `report[name]`, and `failed()`. */
export function stepsInto(report) {
  let failed = false;
  async function step(name, fn) {
    const start = performance.now();
    try {
      report[name] = await fn();
      report[name].seconds = (performance.now() - start) / 1000;
    } catch (e) {
      failed = true;
      report[name] = { error: String(e?.stack ?? e) };
      console.error(`\n${name} benchmark failed: ${e?.stack ?? e}`);
    }
  }
  return { step, failed: () => failed };
}
