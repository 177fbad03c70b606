// The <Uploader> as an app would use it, configured from the query string, for e2e/uploader*.test.ts.
import { Uploader } from "@darkroom/react";
import { createRoot } from "react-dom/client";

declare global {
  interface Window {
    /** Every `onUploaded` call, in order. */
    uploaded: unknown[];
    /** The most files seen in flight (validating → confirming) at once. */
    maxInFlight: number;
  }
}

const query = new URLSearchParams(location.search);
const number = (name: string) => (query.has(name) ? Number(query.get(name)) : undefined);

window.uploaded = [];
window.maxInFlight = 0;
new MutationObserver(() => {
  const busy = document.querySelectorAll(
    '[data-status="validating"],[data-status="provisioning"],[data-status="uploading"],[data-status="confirming"]',
  ).length;
  window.maxInFlight = Math.max(window.maxInFlight, busy);
}).observe(document.body, {
  subtree: true,
  childList: true,
  attributes: true,
  attributeFilter: ["data-status"],
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <Uploader
      endpoint="/api/upload"
      user={query.get("user") ?? "u1"}
      drafts={query.has("nodrafts") ? false : undefined}
      concurrency={number("concurrency")}
      retry={{ attempts: number("attempts") ?? 2, baseMs: 100, capMs: 400 }}
      breaker={query.has("threshold") ? { threshold: number("threshold"), openMs: 60_000 } : undefined}
      stallTimeout={number("stall")}
      downscale={query.has("downscale")}
      // Over Cloudflare's 1024 bytes of metadata, to see it refused before any request.
      metadata={query.has("bigmeta") ? { note: "x".repeat(1100) } : undefined}
      onUploaded={(image) => window.uploaded.push(image)}
    />,
  );
}
