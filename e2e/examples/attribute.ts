// How many bytes of a built JavaScript file are Darkroom's: its source map says which package each stretch of the
// minified output came from. The stretches from node_modules/@darkroom/ are joined and gzipped (-9), which is the
// share of the download that Darkroom's code costs (the same measure as bench/, give or take shared context).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
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

/**
 * The Darkroom module a source of a map is, as bench/ names modules ("core/validate.js"), or null when it is not
 * Darkroom's. Most bundlers name sources by their path ("…/node_modules/@darkroom/core/dist/validate.js"); webpack,
 * where it follows a package's own maps, keeps their relative "../src/image.tsx", which is Darkroom's when exactly
 * one installed Darkroom package of `app` has that file.
 */
function darkroomModule(app: string, source: string): string | null {
  const installed = /node_modules\/@darkroom\/(\w+)\/(?:dist|src)\/(.+)\.(?:js|ts|tsx)$/.exec(source);
  if (installed) return `${installed[1]}/${installed[2]}.js`;
  const relative = /^(?:webpack:\/\/[^/]*\/)?\.\.\/src\/([\w./-]+)\.(ts|tsx)$/.exec(source);
  if (!relative) return null;
  const owners = readdirSync(join(app, "node_modules/@darkroom")).filter((pkg) =>
    existsSync(join(app, "node_modules/@darkroom", pkg, "src", `${relative[1]}.${relative[2]}`)),
  );
  return owners.length === 1 ? `${owners[0]}/${relative[1]}.js` : null;
}

/**
 * Where the source map of the built file `file` is: its `sourceMappingURL` comment (Turbopack names maps apart from
 * their chunks), else `${file}.map`; null when it has none.
 */
export function sourceMapOf(file: string): string | null {
  const named = /\/\/# sourceMappingURL=([^\s]+)\s*$/.exec(readFileSync(file, "utf8"))?.[1];
  const candidate = named && !named.startsWith("data:") ? join(dirname(file), named) : `${file}.map`;
  return existsSync(candidate) ? candidate : null;
}

/**
 * Gzip -9 bytes of Darkroom's code in the built file at `file` (it must have a source map, see sourceMapOf), in the app
 * installed at `app`, and the Darkroom modules it holds.
 */
export function darkroomBytes(app: string, file: string): { gzip: number; raw: number; modules: string[] } {
  const js = readFileSync(file, "utf8");
  const mapFile = sourceMapOf(file);
  if (!mapFile) throw new Error(`${file} has no source map: build with SOURCE_MAPS=1`);
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as SourceMap;
  const owned = new Map<string, string | null>();
  const moduleOf = (source: string) => {
    if (!owned.has(source)) owned.set(source, darkroomModule(app, source));
    return owned.get(source) ?? null;
  };
  const code = ownedCode(js, map, (source) => moduleOf(source) !== null);
  const all = map.sections ? map.sections.flatMap((section) => section.map.sources) : map.sources;
  const modules = [...new Set(all.map(moduleOf).filter((m): m is string => m !== null))];
  return { gzip: code ? gzipSync(code, { level: 9 }).length : 0, raw: code.length, modules: modules.sort() };
}
