import { type BreakerOptions, CircuitBreaker } from "./breaker";
import { encodeImageId, toImage } from "./image";
import { listImages } from "./list";
import { type ApiRequest, send, type Transport } from "./request";
import { type RetryOptions, retryPolicy, withRetry } from "./retry";
import type {
  DirectUpload,
  DirectUploadOptions,
  FetchLike,
  ImageList,
  ImageObject,
  ImageUpdate,
  ListImagesOptions,
} from "./types";

/** Settings of `createImagesClient`. */
export interface ImagesClientOptions {
  /** Cloudflare account id. */
  accountId: string;
  /**
   * API token with the Images permission. Sent as a Bearer token; never included in errors, their `cause` chains
   * included (see `CloudflareNetworkError`). Must be printable ASCII: a token with whitespace (say, a trailing
   * newline) makes every call throw a `TypeError` that does not repeat it.
   */
  apiToken: string;
  /** API base up to `/client/v4`. Default `https://api.cloudflare.com/client/v4` (point it at the emulator in tests). */
  baseUrl?: string;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Retry policy for retryable failures. */
  retry?: RetryOptions;
  /** Circuit breaker settings, or `false` to send every call. */
  breaker?: BreakerOptions | false;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Current time in ms, for `Retry-After` dates and the breaker (unless `breaker.now` is set). Default `Date.now()`. */
  now?: () => number;
}

/** A typed Cloudflare Images API client with retries and a circuit breaker. */
export interface ImagesClient {
  /** Provisions a one-time direct creator upload URL (a draft image until the file is posted). */
  createDirectUpload(options?: DirectUploadOptions): Promise<DirectUpload>;
  /** An image's details; throws `CloudflareImagesError` with status 404 (code 5404) when unknown. */
  getImage(id: string): Promise<ImageObject>;
  /** Lists images (v2 list), page after page, lazily. */
  listImages(options?: ListImagesOptions): ImageList;
  /** Changes metadata, `requireSignedURLs` or creator; returns the updated image. */
  updateImage(id: string, update: ImageUpdate): Promise<ImageObject>;
  /** Deletes an image and purges it from the cache. */
  deleteImage(id: string): Promise<void>;
}

/** Creates a Cloudflare Images client that runs anywhere with `fetch` (Node 20+, Workers, Deno, Bun). */
export function createImagesClient(options: ImagesClientOptions): ImagesClient {
  const base = `${(options.baseUrl ?? "https://api.cloudflare.com/client/v4").replace(/\/+$/, "")}/accounts/${encodeURIComponent(options.accountId)}/images`;
  const now = options.now ?? (() => Date.now());
  const transport: Transport = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    apiToken: options.apiToken,
    timeoutMs: options.timeoutMs ?? 30_000,
    now,
  };
  const policy = retryPolicy(options.retry);
  const breaker =
    options.breaker === false
      ? undefined
      : new CircuitBreaker(`darkroom:cloudflare-images:${options.accountId}`, { now, ...options.breaker });

  const call = <T>(request: ApiRequest): Promise<T> =>
    withRetry(policy, () =>
      breaker ? breaker.run(() => send<T>(transport, request)) : send<T>(transport, request),
    );
  const imageUrl = (id: string) => `${base}/v1/${encodeImageId(id)}`;

  return {
    async createDirectUpload(upload = {}) {
      const form = new FormData();
      if (upload.id !== undefined) form.append("id", upload.id);
      if (upload.metadata !== undefined) form.append("metadata", JSON.stringify(upload.metadata));
      if (upload.requireSignedURLs !== undefined)
        form.append("requireSignedURLs", String(upload.requireSignedURLs));
      if (upload.expiry !== undefined) form.append("expiry", new Date(upload.expiry).toISOString());
      if (upload.creator !== undefined) form.append("creator", upload.creator);
      const result = await call<{ id: string; uploadURL: string }>({
        method: "POST",
        url: `${base}/v2/direct_upload`,
        body: form,
      });
      return { id: String(result.id), uploadURL: String(result.uploadURL) };
    },
    async getImage(id) {
      return toImage(await call({ method: "GET", url: imageUrl(id) }));
    },
    listImages(list = {}) {
      return listImages((url) => call({ method: "GET", url }), `${base}/v2`, list);
    },
    async updateImage(id, update) {
      const body = JSON.stringify(update);
      return toImage(await call({ method: "PATCH", url: imageUrl(id), body, json: true }));
    },
    async deleteImage(id) {
      await call({ method: "DELETE", url: imageUrl(id) });
    },
  };
}
