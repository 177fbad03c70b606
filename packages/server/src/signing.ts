const encoder = new TextEncoder();

/** Options of `signUrl`. Without either, the link expires in one hour. */
export interface SignOptions {
  /** Seconds from now until the link expires. */
  expiresIn?: number;
  /** When the link expires: a `Date` or unix seconds. Wins over `expiresIn`. */
  expiresAt?: Date | number;
  /** Current time in ms. Default `Date.now()`. */
  now?: number;
}

/** Why a signed URL was refused. */
export type VerifyFailure = "missing-signature" | "missing-expiry" | "expired" | "bad-signature";

/** Outcome of `verifySignedUrl`. */
export type VerifyResult = { valid: true; expiresAt: number } | { valid: false; reason: VerifyFailure };

/** Imported keys by key string: importing costs as much as signing (bench/signing.mjs). A few keys at most. */
const imported = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 8;

function importHmacKey(key: string): Promise<CryptoKey> {
  let cryptoKey = imported.get(key);
  if (!cryptoKey) {
    cryptoKey = crypto.subtle.importKey(
      "raw",
      encoder.encode(key),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    // A failed import is not kept, so a later call can try again.
    cryptoKey.catch(() => imported.delete(key));
    if (imported.size >= MAX_KEYS) imported.delete(imported.keys().next().value as string);
    imported.set(key, cryptoKey);
  }
  return cryptoKey;
}

/** Lowercase hex HMAC-SHA256 of `message` under the UTF-8 bytes of `key` (Web Crypto). */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const cryptoKey = await importHmacKey(key);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

function stringToSign(url: URL): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete("sig");
  return `${url.pathname}?${params.toString()}`;
}

/**
 * Signs a Cloudflare Images delivery URL for a private image: sets `exp` (unix seconds) and appends
 * `sig` = hex HMAC-SHA256(signingKey, pathname + "?" + query without `sig`). Returns the signed URL.
 */
export async function signUrl(
  url: string | URL,
  signingKey: string,
  options: SignOptions = {},
): Promise<string> {
  const signed = new URL(url);
  const now = options.now ?? Date.now();
  const { expiresAt } = options;
  const exp =
    expiresAt instanceof Date
      ? Math.floor(expiresAt.getTime() / 1000)
      : (expiresAt ?? Math.floor(now / 1000) + (options.expiresIn ?? 3600));
  signed.searchParams.delete("sig");
  signed.searchParams.set("exp", String(Math.floor(exp)));
  signed.searchParams.append("sig", await hmacSha256Hex(signingKey, stringToSign(signed)));
  return signed.toString();
}

/**
 * Checks a signed URL: `exp` must be in the future and `sig` must match (compared in constant time).
 */
export async function verifySignedUrl(
  url: string | URL,
  signingKey: string,
  options: { now?: number } = {},
): Promise<VerifyResult> {
  const parsed = new URL(url);
  const sig = parsed.searchParams.get("sig");
  const exp = parsed.searchParams.get("exp");
  if (sig === null) return { valid: false, reason: "missing-signature" };
  if (exp === null || !/^\d+$/.test(exp)) return { valid: false, reason: "missing-expiry" };
  const expected = await hmacSha256Hex(signingKey, stringToSign(parsed));
  if (!timingSafeEqual(sig, expected)) return { valid: false, reason: "bad-signature" };
  if (Number(exp) * 1000 <= (options.now ?? Date.now())) return { valid: false, reason: "expired" };
  return { valid: true, expiresAt: Number(exp) };
}
