// Checks a static `storybook build` in real Chromium: every image story (and the Image docs page) shows drawn
// pictures, which there come from the service worker (`image-worker.ts`), and an upload story says it has no backend.
//
//   pnpm build-storybook -o /tmp/sb-static && node .storybook/check-static.mjs /tmp/sb-static
//
// Prints one line per page and exits 1 if any check failed.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const root = process.argv[2] ?? "storybook-static";
const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

// A plain file server, like any static host: nothing here answers `/cdn-cgi/…` or `/api/…`.
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
    /^(\.\.[/\\])+/,
    "",
  );
  try {
    const body = await readFile(join(root, path.endsWith("/") ? `${path}index.html` : path));
    res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const base = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;

const index = JSON.parse(await readFile(join(root, "index.json"), "utf8"));
const imagePages = Object.values(index.entries)
  .filter((entry) => entry.title === "Image")
  .map((entry) => ({ id: entry.id, viewMode: entry.type === "docs" ? "docs" : "story" }));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
let failed = 0;
const report = (ok, line) => {
  if (!ok) failed += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
};

try {
  // One context for all pages, as one visitor: the first page installs the worker, the next find it running.
  const context = await browser.newContext();
  const page = await context.newPage();
  /** The image requests of the current page: a failed one is `status` 0. */
  let requests = [];
  const isImagePath = (url) => new URL(url).pathname.startsWith("/cdn-cgi/");
  page.on("response", (response) => {
    if (isImagePath(response.url())) {
      requests.push({ url: response.url(), status: response.status(), worker: response.fromServiceWorker() });
    }
  });
  page.on("requestfailed", (request) => {
    if (isImagePath(request.url())) requests.push({ url: request.url(), status: 0, worker: false });
  });

  for (const { id, viewMode } of imagePages) {
    requests = [];
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=${viewMode}`);
    // Lazy images load only near the viewport: bring each one there (a docs page is long).
    await page
      .waitForSelector("#storybook-root img, #storybook-docs img", { timeout: 15_000 })
      .catch(() => undefined);
    for (const img of await page.$$("#storybook-root img, #storybook-docs img"))
      await img.scrollIntoViewIfNeeded();
    // Settled: every <img> has finished (loaded or failed); some stories hold their picture back 1.5 s on purpose.
    await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll("#storybook-root img, #storybook-docs img")].every(
            (img) => img.complete,
          ),
        undefined,
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    // Drawn: showing a picture from Cloudflare's paths (a failed <img> shows a blank GIF, 1 px wide, instead).
    const drawn = await page.$$eval(
      "#storybook-root img, #storybook-docs img",
      (all) => all.filter((img) => img.naturalWidth > 0 && /\/cdn-cgi\//.test(img.currentSrc)).length,
    );
    // A `missing…` source is meant to fail (the broken-image stories draw nothing); every other picture must arrive.
    const broken = requests.filter((r) => (r.status === 0 || r.status >= 400) && !/missing/.test(r.url));
    const byWorker = requests.filter((r) => r.worker).length;
    report(
      broken.length === 0 &&
        (drawn > 0 || (requests.length > 0 && requests.every((r) => /missing/.test(r.url)))),
      `${id}: ${drawn} pictures drawn, ${byWorker} of ${requests.length} image responses from the service worker` +
        broken.map((r) => `; ${r.status || "failed"} ${r.url}`).join(""),
    );
  }

  await page.goto(`${base}/iframe.html?id=uploader--provision-failed&viewMode=story`);
  const notice = await page
    .getByRole("alert")
    .filter({ hasText: "No upload backend" })
    .textContent({ timeout: 10_000 })
    .catch(() => null);
  report(notice !== null, `uploader--provision-failed: ${notice ?? "no notice that the backend is missing"}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed > 0 ? 1 : 0);
