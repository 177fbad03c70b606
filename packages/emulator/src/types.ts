import type { ImageFormat } from "./sniff";

/** One stored image or draft, as the emulator keeps it (bytes are kept apart). */
export interface ImageRecord {
  id: string;
  filename: string;
  meta: Record<string, unknown>;
  requireSignedURLs: boolean;
  creator: string | null;
  /** ISO-8601 creation time (draft creation for direct uploads). */
  uploaded: string;
  /** Present while a direct upload has not been received yet. */
  draft?: true;
  /** Unix ms after which the one-time upload URL is refused (drafts only). */
  expiresAt?: number;
  format?: ImageFormat;
  width?: number;
  height?: number;
  /** Upload order (ties in `uploaded` are common); assigned by the store. */
  seq?: number;
  /** Bumped on every change that must invalidate derived images. */
  rev: number;
}

/** Resizing options of a named variant (the SDK's `options`). */
export interface VariantOptions {
  fit: "scale-down" | "contain" | "cover" | "crop" | "pad";
  width?: number;
  height?: number;
  metadata: "keep" | "copyright" | "none";
  /** Browser cache TTL in seconds for this variant (overrides the account's). */
  browser_ttl?: number;
}

/** A named variant. */
export interface Variant {
  id: string;
  options: VariantOptions;
  neverRequireSignedURLs: boolean;
}

/** A signing key. */
export interface SigningKey {
  name: string;
  value: string;
}

/** Account-level settings changed with `PATCH /images/v1/config`. */
export interface AccountConfig {
  flexible_variants: boolean;
  /** Browser cache TTL in seconds for delivered images. */
  browser_ttl: number;
}

/** Everything about the account except images: persisted as one JSON file in data-dir mode. */
export interface AccountState {
  accountId: string;
  accountHash: string;
  apiToken: string;
  keys: SigningKey[];
  variants: Variant[];
  config: AccountConfig;
}
