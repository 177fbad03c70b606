/**
 * The URL of a request target, or null when it is not one. Node's parser lets through targets such as
 * `http://[::1/x` or `http://a:b:c/` that the WHATWG parser refuses; those are the client's mistake (400), not a
 * crash.
 */
export function parseTarget(raw: string, origin: string): URL | null {
  try {
    return new URL(raw.startsWith("/") ? `${origin}${raw}` : raw, origin);
  } catch {
    return null;
  }
}

/**
 * Whether every `%XX` in a path decodes to UTF-8. Checked once for every request, before any handler runs, so no
 * handler's `decodeURIComponent` can throw on a client's malformed escape (`%E0%A4%A`, `%ZZ`, `%C0%AF`).
 */
export function decodesCleanly(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
