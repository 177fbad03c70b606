import type { CfError } from "./errors";

/** A complete HTTP answer, built by a handler and written (or deliberately broken) by the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A JSON reply. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** The Cloudflare v4 success envelope around `result`. */
export function ok(result: unknown, extra: Record<string, unknown> = {}): Reply {
  return json(200, { result, success: true, errors: [], messages: [], ...extra });
}

/** The Cloudflare v4 failure envelope for `error`. */
export function failure(error: CfError, headers: Record<string, string> = {}): Reply {
  const body = {
    result: null,
    success: false,
    errors: [{ code: error.code, message: error.message }],
    messages: [],
  };
  return json(error.status, body, headers);
}

/**
 * A delivery failure as imagedelivery.net sends it: plain text and a `Cf-Resized: err=<code>` header, readable from
 * any page (delivery is public), so `<Image>` can name the cause in development.
 */
export function deliveryError(status: number, code: number, message: string): Reply {
  return {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cf-resized": `err=${code}`,
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "cf-resized",
    },
    body: Buffer.from(`ERROR ${code}: ${message}`),
  };
}
