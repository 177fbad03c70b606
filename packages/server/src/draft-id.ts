/** Characters a draft key may use: what `crypto.randomUUID()` and base64url produce, nothing to escape anywhere. */
export const DRAFT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The custom image id of one user's draft: `"d-"` + base64url(SHA-256(userId + "\n" + draftKey)), 45 characters.
 * Deterministic, so a second direct upload for the same draft names the same image instead of creating another;
 * hashed, so neither the user id nor the key shows in delivery URLs; never a UUID and never contains `/`, as
 * Cloudflare requires of custom ids. The newline cannot occur in a draft key, so no two (user, key) pairs collide.
 */
export async function draftImageId(userId: string, draftKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${userId}\n${draftKey}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `d-${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
