// Over-fetch: which srcset candidate a browser picks for each viewport × DPR, versus the pixels it needs.
import { imageId, imgAttributes } from "./libs.mjs";
import { parseSrcset, select } from "./select.mjs";

export const SCENARIOS = [
  { name: "fixed 400×300", layout: "fixed", width: 400, height: 300 },
  { name: "constrained 640×427", layout: "constrained", width: 640, height: 427 },
  { name: "constrained 1024×683", layout: "constrained", width: 1024, height: 683 },
  { name: "constrained 1280×853", layout: "constrained", width: 1280, height: 853 },
  { name: "fullWidth 4000×3000", layout: "fullWidth", width: 4000, height: 3000, intrinsic: 4000 },
];
export const LIBRARIES = { darkroom: "Darkroom", next: "next/image", unpic: "@unpic/react" };
const VIEWPORTS = { from: 320, to: 2560, step: 1 };
// Fractional ratios too (issue 12 §6): 150 % Windows scaling and the 2.625 of many Android phones.
const DPRS = [1, 1.5, 2, 2.625, 3];

/** The width a candidate URL asks the CDN for (`w=` / `width=`), if it says. */
const urlWidth = (url) => Number(url.match(/[/,?&](?:w|width)=(\d+)/)?.[1]) || undefined;

/** Things in the emitted attributes that look wrong, as short notes. */
function inspect(attributes, scenario) {
  const notes = [];
  const list = parseSrcset(attributes.srcset ?? "");
  const key = list[0]?.w !== undefined ? "w" : "x";
  const values = list.map((c) => c[key]);
  if (new Set(values).size !== values.length) notes.push(`duplicate ${key} descriptors`);
  if (values.some((v, i) => i && v < values[i - 1])) notes.push("candidates not sorted");
  if (new Set(list.map((c) => c.url)).size !== list.length) notes.push("duplicate URLs");
  for (const c of list) {
    const expected = key === "w" ? c.w : Math.round(c.x * scenario.width);
    const actual = urlWidth(c.url);
    if (actual !== undefined && actual !== expected)
      notes.push(`${c[key]}${key} fetches w=${actual} (≠ ${expected})`);
  }
  if (key === "w" && !attributes.sizes) notes.push("w descriptors without sizes (browser assumes 100vw)");
  if (!attributes.width || !attributes.height) notes.push("no width/height attributes");
  return notes;
}

function measure(attributes, scenario) {
  const { srcset, sizes } = attributes;
  let sum = 0;
  let worst = 1;
  let under = 0;
  let cases = 0;
  let count = 0;
  let shortest = 1;
  for (let viewport = VIEWPORTS.from; viewport <= VIEWPORTS.to; viewport += VIEWPORTS.step)
    for (const dpr of DPRS) {
      const pick = select({ srcset, sizes, width: scenario.width, viewport, dpr });
      const c = pick.chosen;
      const asked = c.w ?? urlWidth(c.url) ?? c.x * scenario.width;
      // The CDN never delivers more pixels than the original has.
      const fetched = Math.min(asked, scenario.intrinsic ?? asked);
      const ratio = Math.max(1, fetched / pick.needed);
      sum += ratio;
      worst = Math.max(worst, ratio);
      const deliverable = Math.min(pick.needed, scenario.intrinsic ?? pick.needed);
      if (fetched < deliverable - 0.5) under++;
      shortest = Math.min(shortest, fetched / deliverable);
      cases++;
      count = pick.count;
    }
  return {
    mean: sum / cases,
    worst,
    underServed: under / cases,
    shortest,
    candidates: count,
    cases,
    sum,
    under,
  };
}

/** Renders each scenario with each library and measures its srcset over the viewport × DPR grid. */
export function overfetchBench(libs) {
  const results = {};
  for (const [lib, label] of Object.entries(LIBRARIES)) {
    const rows = [];
    for (const scenario of SCENARIOS) {
      const html = libs.renderToString(libs.elements[lib]({ ...scenario, id: imageId(1) }));
      const attributes = imgAttributes(html);
      if (!attributes?.srcset) {
        rows.push({ scenario: scenario.name, error: "no srcset emitted", html });
        continue;
      }
      const m = measure(attributes, scenario);
      rows.push({
        scenario: scenario.name,
        ...m,
        srcset: attributes.srcset,
        sizes: attributes.sizes,
        notes: inspect(attributes, scenario),
      });
    }
    const ok = rows.filter((r) => !r.error);
    const cases = ok.reduce((n, r) => n + r.cases, 0);
    const overall = {
      scenario: "overall",
      mean: ok.reduce((n, r) => n + r.sum, 0) / cases,
      worst: Math.max(...ok.map((r) => r.worst)),
      underServed: ok.reduce((n, r) => n + r.under, 0) / cases,
      shortest: Math.min(...ok.map((r) => r.shortest)),
      candidates: Math.max(...ok.map((r) => r.candidates)),
      cases,
    };
    results[lib] = { label, scenarios: rows, overall };
  }
  return { grid: { viewports: VIEWPORTS, dprs: DPRS }, results };
}
