/** Replaces every occurrence of `secret` in `text` (as is, and as JSON or a URL would quote it). */
export function redact(text: string, secret: string): string {
  if (secret === "") return text;
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  let out = text;
  for (const form of forms) out = out.split(form).join("[redacted]");
  return out;
}

/** How deep a cause chain (or an AggregateError's `errors`) is copied; deeper links are dropped. */
const MAX_DEPTH = 8;

/**
 * A copy of `cause` that is safe to hand to an app (`error.cause`, `onError`, logs): for an Error, its `name`,
 * `message`, `stack` and string or number `code`, redacted, and its own `cause` and `errors`, copied the same way;
 * a string, redacted. Everything else an error may carry (a request, its headers, a response) is dropped, because
 * any of it can hold `secret` in a form no redaction recognises.
 */
export function redactCause(cause: unknown, secret: string, depth = 0): unknown {
  if (typeof cause === "string") return redact(cause, secret);
  if (!(cause instanceof Error) || depth >= MAX_DEPTH) return undefined;
  const copy: Error & { code?: string | number; errors?: unknown[] } = new Error(
    redact(cause.message, secret),
  );
  copy.name = redact(cause.name, secret);
  copy.stack = cause.stack === undefined ? undefined : redact(cause.stack, secret);
  const { code } = cause as { code?: unknown };
  if (typeof code === "number") copy.code = code;
  if (typeof code === "string") copy.code = redact(code, secret);
  if (cause.cause !== undefined) {
    const inner = redactCause(cause.cause, secret, depth + 1);
    if (inner !== undefined) copy.cause = inner;
  }
  const { errors } = cause as { errors?: unknown };
  if (Array.isArray(errors)) copy.errors = errors.slice(0, 16).map((e) => redactCause(e, secret, depth + 1));
  return copy;
}

/**
 * Throws when `apiToken` holds a character no HTTP header can carry (a space, a newline from a secrets file, a
 * control character). Runtimes refuse such a header with an error that quotes it, and Cloudflare's tokens never
 * contain one, so it is refused before any request, without repeating it. Checked per call, not when the client is
 * created, so building an app without its secrets set still works.
 */
export function checkApiToken(apiToken: string): void {
  if (/[^\x21-\x7e]/.test(apiToken)) {
    throw new TypeError(
      "apiToken contains whitespace or a control character (a trailing newline from a file or an environment " +
        "variable?). Trim it: Cloudflare API tokens are printable ASCII only.",
    );
  }
}
