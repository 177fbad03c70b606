const seen = new Set<string>();

/**
 * Prints a development-only warning once per distinct message. Call it behind
 * `process.env.NODE_ENV !== "production"` written out at the call site (as React and TanStack Query do): bundlers
 * replace that expression, so production builds drop the message text and development builds show it.
 */
export function warn(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`[darkroom] ${message}`);
}
