// app/api/upload/route.ts — the endpoint <Uploader endpoint="/api/upload"> calls for a one-time upload URL.
import { createImagesClient, createUploadHandler } from "@darkroom/server";
import { cookies } from "next/headers";

// Server-only: the token never reaches the browser. Create it with the "Cloudflare Images: Edit" permission.
const client = createImagesClient({
  accountId: process.env.CF_ACCOUNT_ID ?? "",
  apiToken: process.env.CF_IMAGES_TOKEN ?? "",
  // Unset in production; the emulator's API in development (`http://127.0.0.1:8787/client/v4`).
  baseUrl: process.env.CF_API_BASE_URL || undefined,
});

/**
 * The browser sends the `session` cookie with the uploader's same-origin request. Replace with your session
 * lookup; `null` answers 401 and nothing is provisioned.
 */
async function currentUser(): Promise<{ id: string } | null> {
  const session = (await cookies()).get("session")?.value;
  return session ? { id: session } : null;
}

// Authorises, rate-limits per user, and answers { id, uploadURL, expiresAt } — or { id, uploaded: true } when a
// retry finds the image already stored (the browser's draft key makes provisioning exactly-once).
export const POST = createUploadHandler({ client, authorize: () => currentUser() });
