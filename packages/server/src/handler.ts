import type { UploadErrorCode } from "@darkroom/core";
import { CircuitOpenError, CloudflareImagesError } from "./errors";
import { type ProvisionClient, type Provisioned, provisionDraft } from "./provision";
import { type RateLimitOptions, TokenBucketLimiter } from "./rate-limit";
import { isCrossSite, isJson, readBounded } from "./request-guards";
import { jsonBytes, type UploadLimits, validateUpload } from "./validate";

/** The signed-in user, as returned by `authorize`. */
export interface UploadUser {
  id: string;
}

/** Settings of `createUploadHandler`. */
export interface UploadHandlerOptions {
  /**
   * The Cloudflare Images client that provisions the upload URLs. Besides `createDirectUpload` it needs `getImage`,
   * `deleteImage` (public drafts) and `listImages` (private drafts) to provision each `draftKey` only once.
   */
  client: ProvisionClient;
  /** Returns the signed-in user, or `null` (answered with 401). */
  authorize: (request: Request) => UploadUser | null | Promise<UploadUser | null>;
  /** File size, type and metadata limits. */
  limits?: UploadLimits;
  /** Per-user token bucket, or `false` for none. Default a burst of 100 requests, refilled at 1 a second: a batch of 50 photos never waits. */
  rateLimit?: RateLimitOptions | false;
  /** Seconds the upload URL stays valid: 120–21 600. Default 1800 (Cloudflare's default). */
  expiresIn?: number;
  /** Provision uploads of private images (signed delivery URLs only). Default `false`. */
  requireSignedURLs?: boolean;
  /**
   * Origins besides the app's own whose pages may upload (`["https://admin.example.com"]`). A browser request from
   * any other site is answered 403 before it counts against the rate limit. The app's own origin is the request's
   * URL, or the same host as its `Host` header; list it here when a proxy rewrites both.
   */
  allowedOrigins?: readonly string[];
  /** Called with every failure answered 5xx, for logging. The error never contains the API token. */
  onError?: (error: unknown) => void;
  /** Current time in ms. Default `Date.now()`. */
  now?: () => number;
}

/** Largest request body read, in bytes: the JSON describes a file, it never contains one. */
const MAX_BODY = 16 * 1024;

/** A Fetch API route handler: Next.js route handlers, Hono, Workers, Remix, Deno, Bun. */
export type UploadHandler = (request: Request) => Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

function problem(
  status: number,
  code: UploadErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  const retryAfter = extra.retryAfter;
  const headers: Record<string, string> =
    typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : {};
  if (status === 405) headers.Allow = "POST";
  return json(status, { error: { code, message, ...extra } }, headers);
}

/**
 * Creates the server half of a direct creator upload: authorises the user, validates `{ filename?, size?, type?,
 * metadata?, draftKey? }`, rate-limits per user, provisions a one-time upload URL (creator = user id) and answers
 * `{ id, uploadURL, expiresAt }`. With a `draftKey` it provisions at most one image per user and key: when an
 * earlier transfer of that draft already reached Cloudflare it answers `{ id, uploaded: true }` instead (see
 * `provisionDraft`). Upstream failures become 503 (retryable) or 502 with a safe message.
 */
export function createUploadHandler(options: UploadHandlerOptions): UploadHandler {
  const now = options.now ?? (() => Date.now());
  const limiter =
    options.rateLimit === false ? undefined : new TokenBucketLimiter({ now, ...options.rateLimit });
  const expiresIn = Math.min(21_600, Math.max(120, options.expiresIn ?? 1800));
  const metadataBytes = Math.min(1024, options.limits?.metadataBytes ?? 1024);
  const allowedOrigins = options.allowedOrigins ?? [];
  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // A failing logger must not change the answer.
    }
  };

  return async (request) => {
    if (request.method !== "POST") return problem(405, "method_not_allowed", "Use POST.");
    // Before anything is counted: a request another site's page made must not use up its visitor's rate limit.
    if (!isJson(request)) {
      return problem(
        415,
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json).",
      );
    }
    if (isCrossSite(request, allowedOrigins)) {
      return problem(403, "forbidden", "Uploads are accepted only from this site's own pages.");
    }
    let user: UploadUser | null;
    try {
      user = await options.authorize(request);
    } catch (error) {
      report(error);
      return problem(500, "internal_error", "Could not check who you are.");
    }
    if (!user) return problem(401, "unauthorized", "Sign in to upload images.");

    const limit = limiter?.take(user.id);
    if (limit && !limit.allowed) {
      return problem(429, "rate_limited", "Too many uploads; try again shortly.", {
        retryAfter: limit.retryAfter,
      });
    }

    let text: string | null;
    try {
      text = await readBounded(request, MAX_BODY);
    } catch {
      return problem(400, "invalid_json", "The body could not be read.");
    }
    if (text === null) return problem(413, "body_too_large", `The body must be at most ${MAX_BODY} bytes.`);
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return problem(400, "invalid_json", "The body must be JSON.");
    }
    const checked = validateUpload(input, options.limits);
    if (!checked.ok) return problem(400, "invalid_body", checked.message, { field: checked.field });
    const { metadata: userMetadata, draftKey, retry } = checked.body;
    const metadata = { ...userMetadata, ...(draftKey === undefined ? {} : { draftKey }) };
    if (jsonBytes(metadata) > metadataBytes) {
      return problem(400, "invalid_body", `metadata must be at most ${metadataBytes} bytes of JSON.`, {
        field: "metadata",
      });
    }

    const expiresAt = new Date(now() + expiresIn * 1000);
    const upload = {
      creator: String(user.id),
      expiry: expiresAt,
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      ...(options.requireSignedURLs ? { requireSignedURLs: true } : {}),
    };
    let outcome: Provisioned;
    try {
      outcome =
        draftKey === undefined
          ? { kind: "upload", ...(await options.client.createDirectUpload(upload)) }
          : await provisionDraft(options.client, upload, draftKey, retry === true);
    } catch (error) {
      report(error);
      return upstreamProblem(error);
    }
    return provisioned(outcome, expiresAt);
  };
}

/** The answer for a provisioning outcome. */
function provisioned(outcome: Provisioned, expiresAt: Date): Response {
  if (outcome.kind === "upload") {
    const { id, uploadURL } = outcome;
    return json(200, { id, uploadURL, expiresAt: expiresAt.toISOString() });
  }
  if (outcome.kind === "uploaded") return json(200, { id: outcome.id, uploaded: true });
  if (outcome.kind === "conflict") {
    return problem(409, "draft_conflict", "This draft key belongs to an image of another user.", {
      field: "draftKey",
    });
  }
  return problem(503, "draft_busy", "This draft is being provisioned by another request; try again.", {
    retryAfter: 1,
  });
}

function upstreamProblem(error: unknown): Response {
  if (error instanceof CircuitOpenError || (error instanceof CloudflareImagesError && error.retryable)) {
    const extra = error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter };
    return problem(
      503,
      "upstream_unavailable",
      "The image service is unavailable; try again shortly.",
      extra,
    );
  }
  if (error instanceof CloudflareImagesError) {
    return problem(502, "upstream_error", "The image service refused the request.");
  }
  return problem(500, "internal_error", "Something went wrong.");
}
