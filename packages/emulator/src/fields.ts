import { MAX_JSON_DEPTH, parseClientJson, textField } from "./body";
import { badRequest } from "./errors";

/** Largest serialised metadata object accepted. */
export const MAX_METADATA_BYTES = 1024;

/** Validates a metadata value: a JSON object of at most 1024 bytes once serialised. */
export function checkMetadata(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw badRequest("metadata must be an object");
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_METADATA_BYTES) {
    throw badRequest(`metadata must not exceed ${MAX_METADATA_BYTES} bytes`);
  }
  return value as Record<string, unknown>;
}

/**
 * The metadata of an upload form, validated; `{}` when absent. Either a `metadata` field holding JSON (as in
 * Cloudflare's curl examples) or bracketed fields `metadata[key]=value` / `metadata[a][b]=value` (how the official
 * SDK serialises an object; values stay strings).
 */
export function formMetadata(form: FormData): Record<string, unknown> {
  const text = textField(form, "metadata");
  if (text === undefined || text === "") return bracketMetadata(form);
  return checkMetadata(parseClientJson(text, "metadata"));
}

/** A boolean form field (`true`/`false`, also `1`/`0`); `false` when absent. */
export function formBoolean(form: FormData, name: string): boolean {
  const text = textField(form, name);
  if (text === undefined || text === "" || text === "false" || text === "0") return false;
  if (text === "true" || text === "1") return true;
  throw badRequest(`${name} must be true or false`);
}

/** Collects `metadata[a][b]=v` form fields into `{ a: { b: "v" } }`; `{}` if there are none. */
function bracketMetadata(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let found = false;
  for (const [key, value] of form) {
    if (!key.startsWith("metadata[")) continue;
    const path = /^metadata((?:\[[^[\]]+\])+)$/.exec(key)?.[1]?.slice(1, -1).split("][");
    if (!path || typeof value !== "string" || path.some((p) => p === "__proto__" || p === "constructor")) {
      throw badRequest(`invalid metadata field ${key}`);
    }
    // The same bound as JSON metadata, so the size check's JSON.stringify cannot overflow the stack.
    if (path.length > MAX_JSON_DEPTH)
      throw badRequest(`metadata nests more than ${MAX_JSON_DEPTH} levels deep`);
    found = true;
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (!next || typeof next !== "object") node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = value;
  }
  return found ? checkMetadata(out) : {};
}
