const seen = new Set<string>();

/**
 * Prints a development-only warning once per distinct message. Call it behind
 * `typeof process < "u" && process.env.NODE_ENV !== "production"` written out at the call site, so bundlers that
 * define `process.env.NODE_ENV` drop the message text from production builds.
 */
export function warn(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`[darkroom] ${message}`);
}
