// The gallery's settings, from the environment. Locally `pnpm dev` points them at the emulator; deployed, they are
// your Cloudflare account's. Server-only: the token and the signing key never reach a client component.

/** Where the gallery's images live and how they are delivered. */
export interface GalleryConfig {
  accountId: string;
  /** Not a secret: it is in every delivery URL. */
  accountHash: string;
  /** "Cloudflare Images: Edit". A secret. */
  apiToken: string;
  /** Unset for Cloudflare; the emulator's `…/client/v4` locally. */
  apiBaseUrl?: string;
  /** Where images are delivered from: unset for imagedelivery.net, the emulator's origin locally. */
  deliveryDomain?: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`Set ${name} (pnpm dev sets it for the local emulator; see apps/gallery/README.md).`);
  return value;
}

/** The configuration of this process, read when first needed (a build runs without secrets). */
export function galleryConfig(): GalleryConfig {
  const apiBaseUrl = process.env.DARKROOM_API_BASE_URL;
  const deliveryDomain = process.env.DARKROOM_DELIVERY_DOMAIN;
  return {
    accountId: required("CLOUDFLARE_ACCOUNT_ID"),
    accountHash: required("CLOUDFLARE_ACCOUNT_HASH"),
    apiToken: required("CLOUDFLARE_API_TOKEN"),
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
    ...(deliveryDomain ? { deliveryDomain } : {}),
  };
}
