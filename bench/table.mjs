// Plain-text tables for the console.

/** Prints `rows` (arrays of cells) under `headers`, first column left-aligned, the others right-aligned. */
export function printTable(title, headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => (c === undefined || c === null ? "" : String(c))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
}

export const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "");
export const bytes = (n) => (Number.isFinite(n) ? `${n.toLocaleString("en-US")} B` : "");
export const percent = (n) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "");
export const times = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "");
