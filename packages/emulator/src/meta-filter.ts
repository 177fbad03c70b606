import { badRequest } from "./errors";

/** One `meta.<path>[<op>]=<value>` filter of `GET /images/v2`. */
export interface MetaFilter {
  path: string[];
  op: "eq" | "gt" | "gte" | "lt" | "lte" | "in";
  type: "string" | "number" | "boolean" | undefined;
  values: string[];
}

const PATTERN = /^meta\.(.+)\[(eq|gt|gte|lt|lte|in)(?::(string|number|boolean))?\]$/;

/** Reads the metadata filters of a query: at most 5, 5 nesting levels, 10 `in` values; range ops numeric. */
export function parseMetaFilters(query: URLSearchParams): MetaFilter[] {
  const filters: MetaFilter[] = [];
  for (const [key, value] of query) {
    if (!key.startsWith("meta.")) continue;
    const match = PATTERN.exec(key);
    if (!match) throw badRequest(`invalid metadata filter ${key}`);
    const path = (match[1] as string).split(".");
    const op = match[2] as MetaFilter["op"];
    const type = match[3] as MetaFilter["type"];
    if (path.length > 5) throw badRequest("metadata filters allow at most 5 levels of nesting");
    const values = op === "in" ? value.split("|") : [value];
    if (values.length > 10) throw badRequest("in filters allow at most 10 values");
    const ranged = op !== "eq" && op !== "in";
    if (ranged && (type ?? "number") !== "number") throw badRequest(`${op} filters accept numbers only`);
    if ((ranged || type === "number") && values.some((v) => !Number.isFinite(Number(v)))) {
      throw badRequest(`${key} needs a number`);
    }
    filters.push({ path, op, type, values });
  }
  if (filters.length > 5) throw badRequest("at most 5 metadata filters are allowed");
  return filters;
}

/** Compares one stored value with one filter value under the filter's type (untyped: loose string compare). */
function same(actual: unknown, wanted: string, type: MetaFilter["type"]): boolean {
  if (type === "number") return typeof actual === "number" && actual === Number(wanted);
  if (type === "boolean") return typeof actual === "boolean" && String(actual) === wanted;
  if (type === "string") return typeof actual === "string" && actual === wanted;
  return ["string", "number", "boolean"].includes(typeof actual) && String(actual) === wanted;
}

/** Whether `meta` satisfies every filter (AND). */
export function matchesFilters(meta: Record<string, unknown>, filters: MetaFilter[]): boolean {
  return filters.every((f) => {
    let value: unknown = meta;
    for (const key of f.path) {
      value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (f.op === "eq" || f.op === "in") return f.values.some((v) => same(value, v, f.type));
    if (typeof value !== "number") return false;
    const n = Number(f.values[0]);
    if (f.op === "gt") return value > n;
    if (f.op === "gte") return value >= n;
    if (f.op === "lt") return value < n;
    return value <= n;
  });
}
