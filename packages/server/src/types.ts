/** The `fetch` the client calls; defaults to the global one. Tests and proxies can pass their own. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** One `{ code, message }` entry of a Cloudflare v4 envelope's `errors` array. */
export interface CloudflareApiMessage {
  code: number;
  message: string;
}

/** An image stored in Cloudflare Images, as returned by upload, details, update and list. */
export interface ImageObject {
  /** UUID or custom id (custom ids may contain `/`). */
  id: string;
  /** Original file name; absent on drafts. */
  filename?: string;
  /** User metadata (≤ 1024 bytes of JSON). `{}` when none was set. */
  meta: Record<string, unknown>;
  /** Whether delivery needs a signed URL. */
  requireSignedURLs: boolean;
  /** ISO-8601 upload (or, for drafts, creation) time. */
  uploaded: string;
  /** One delivery URL per named variant. */
  variants: string[];
  /** Internal user id set at upload, or `null`. */
  creator: string | null;
  /** `true` while a direct upload has been provisioned but no file was sent yet. */
  draft?: boolean;
}

/** Options of `createDirectUpload`, sent as multipart form fields like the real API. */
export interface DirectUploadOptions {
  /** Custom id (may contain `/`; not a UUID; cannot be combined with `requireSignedURLs`). */
  id?: string;
  /** User metadata, serialised as JSON (≤ 1024 bytes). */
  metadata?: Record<string, unknown>;
  /** The image will need signed delivery URLs. */
  requireSignedURLs?: boolean;
  /** When the upload URL stops working: 2 min to 6 h from now. Cloudflare's default: 30 min. */
  expiry?: Date | string;
  /** Internal id of the user who uploads (filterable in `listImages`). */
  creator?: string;
}

/** A provisioned one-time upload URL. The browser POSTs the file (form field `file`) to `uploadURL`. */
export interface DirectUpload {
  id: string;
  uploadURL: string;
}

/** Fields `updateImage` can change; omitted fields are left as they are. */
export interface ImageUpdate {
  metadata?: Record<string, unknown>;
  requireSignedURLs?: boolean;
  creator?: string;
}

/** Filters and paging of `listImages` (the v2 list endpoint). */
export interface ListImagesOptions {
  /** Images per page, 10–1000 (Cloudflare's default: 1000). */
  perPage?: number;
  /** Only images of this creator; `""` lists images without a creator. */
  creator?: string;
  /** By upload time. */
  sortOrder?: "asc" | "desc";
  /**
   * Start at the page this token names: a page's `continuationToken`, kept from an earlier request (a "More" link of
   * a server-rendered list). Default: the first page.
   */
  continuationToken?: string;
  /**
   * Metadata filters. A key `field` means `meta.field[eq]`; a key `field[op]` (op: `eq`, `gt`, `in`, …) is sent as
   * `meta.field[op]`. At most 5 filters (Cloudflare's limit).
   */
  meta?: Record<string, string | number | boolean>;
}

/** One page of `listImages`. */
export interface ImagePage {
  images: ImageObject[];
  /** Token of the next page, or `null` on the last page. */
  continuationToken: string | null;
}

/** What `listImages` returns: iterate it for images, or call `pages()` for whole pages. */
export interface ImageList extends AsyncIterable<ImageObject> {
  /** Each page in turn, following `continuation_token` until it is `null`. */
  pages(): AsyncIterableIterator<ImagePage>;
}
