import { createHmac, timingSafeEqual } from "node:crypto";
import type { SigningKey } from "./types";

/** The signature Cloudflare expects: hex HMAC-SHA256 with `key` over `pathname + "?" + query-without-sig`. */
export function signPath(pathname: string, query: URLSearchParams, key: string): string {
  const params = new URLSearchParams(query);
  params.delete("sig");
  return createHmac("sha256", key).update(`${pathname}?${params.toString()}`).digest("hex");
}

/** Why a signed delivery URL was refused, or null if it is valid. */
export type SignatureProblem = "missing" | "invalid" | "expired" | null;

/**
 * Checks `sig` (and `exp`, unix seconds, when present) against every signing key of the account.
 * `pathname` is the path exactly as requested.
 */
export function checkSignature(
  pathname: string,
  query: URLSearchParams,
  keys: SigningKey[],
  now = Date.now(),
): SignatureProblem {
  const sig = query.get("sig");
  if (!sig) return "missing";
  const given = Buffer.from(sig.toLowerCase(), "utf8");
  const valid = keys.some((k) => {
    const wanted = Buffer.from(signPath(pathname, query, k.value), "utf8");
    return wanted.length === given.length && timingSafeEqual(wanted, given);
  });
  if (!valid) return "invalid";
  const exp = query.get("exp");
  if (exp !== null && !(Number(exp) * 1000 > now)) return "expired";
  return null;
}
