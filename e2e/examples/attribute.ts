// How many bytes of a built JavaScript file are Darkroom's: its source map says which package each stretch of the
// minified output came from. The stretches from node_modules/@darkroom/ are joined and gzipped (-9), which is the
// share of the download that Darkroom's code costs (the same measure as bench/, give or take shared context).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes one line of a source map's `mappings` into [generated column, source index] pairs. */
function* segments(line: string, state: { source: number }): Generator<[number, number]> {
  let column = 0;
  for (const segment of line.split(",")) {
    if (!segment) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
        continue;
      }
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
    column += fields[0] ?? 0;
    if (fields.length > 1) state.source += fields[1] ?? 0;
    yield [column, fields.length > 1 ? state.source : -1];
  }
}

interface SourceMap {
  sources: string[];
  mappings?: string;
  sections?: { offset: { line: number; column: number }; map: SourceMap }[];
}

/** The code of `js` that the map attributes to sources matching `owned`, as one string. */
function ownedCode(js: string, map: SourceMap, owned: (source: string) => boolean): string {
  const lines = js.split("\n");
  let out = "";
  const take = (mappings: string, sources: string[], lineOffset: number, columnOffset: number) => {
    const state = { source: 0 };
    mappings.split(";").forEach((mapped, index) => {
      const text = lines[lineOffset + index] ?? "";
      const shift = index === 0 ? columnOffset : 0;
      const list = [...segments(mapped, state)];
      list.forEach(([column, source], i) => {
        const end = i + 1 < list.length ? (list[i + 1]?.[0] ?? text.length) + shift : text.length;
        if (source >= 0 && owned(sources[source] ?? "")) out += text.slice(column + shift, end);
      });
    });
  };
  // Turbopack writes index maps (one section per module); webpack and Vite write one plain map.
  if (map.sections) {
    for (const { offset, map: section } of map.sections) {
      take(section.mappings ?? "", section.sources, offset.line, offset.column);
    }
  } else take(map.mappings ?? "", map.sources, 0, 0);
  return out;
}

/** Gzip -9 bytes of Darkroom's code in the built file at `file` (its map must be at `${file}.map`). */
export function darkroomBytes(file: string): { gzip: number; raw: number; modules: string[] } {
  const js = readFileSync(file, "utf8");
  const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as SourceMap;
  const isDarkroom = (source: string) => /node_modules\/@darkroom\//.test(source);
  const code = ownedCode(js, map, isDarkroom);
  const all = map.sections ? map.sections.flatMap((s) => s.map.sources) : map.sources;
  // "…/node_modules/@darkroom/core/dist/validate.js" → "core/validate.js", as bench/ names modules.
  const name = (source: string) =>
    source.replace(/.*node_modules\/@darkroom\//, "").replace(/^(\w+)\/(?:dist|src)\//, "$1/");
  const modules = [...new Set(all.filter(isDarkroom).map(name))];
  return { gzip: code ? gzipSync(code, { level: 9 }).length : 0, raw: code.length, modules: modules.sort() };
}
