import { warn } from "./warn";

/** Cloudflare's `Cf-Resized: err=<code>` reasons that the app, not the image, has to fix. */
const CAUSES: Record<string, string> = {
  "9429":
    'flexible variants are off for this account, so every width of the srcset answers 403. Turn them on (dashboard: Images → Delivery → Flexible variants; API: PATCH /images/v1/config {"flexible_variants": true}; the Darkroom emulator: --flexible-variants), or map widths to named variants with cloudflareImages({ variants }).',
  "9425":
    "flexible variants cannot resize private images (requireSignedURLs). Sign a named variant's URL on the server and pass it as src.",
};

/**
 * Development aid: asks the server why the image at `url` failed and, when Cloudflare (or the emulator) names a cause
 * in its `Cf-Resized` header that the app must fix, warns once with the cause and the fix. Call it behind
 * `process.env.NODE_ENV !== "production"`. Never throws; a response it cannot read (no CORS) says nothing.
 */
export function explainImageError(url: string): void {
  if (!/^https?:/.test(url) || typeof fetch !== "function") return;
  fetch(url, { mode: "cors", cache: "no-store" })
    .then((response) => {
      const code = /err=(\d+)/.exec(response.headers.get("cf-resized") ?? "")?.[1];
      const cause = code && CAUSES[code];
      if (cause) warn(`Image ${new URL(url).origin} failed with Cf-Resized: err=${code}: ${cause}`);
    })
    .catch(() => {});
}
