// The gallery as built (`next build`, `next start`) against a fresh emulator: it stores its twelve samples on first
// start, once, and its home page is a server-rendered grid a browser can lay out before any script runs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { type Emulator, startEmulator } from "@darkroom/emulator";
import { createImagesClient } from "@darkroom/server";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const app = new URL("..", import.meta.url).pathname;
let emulator: Emulator;
let browser: Browser;
let server: { child: ChildProcess; output: () => string } | undefined;
let origin = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `next start` on a free port with the emulator's settings; resolves once it has seeded (or found) its photos. */
async function start(): Promise<void> {
  const port = await freePort();
  // The test runner's NODE_ENV=test must not reach Next.js.
  const { NODE_ENV: _, ...inherited } = process.env;
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: app,
    detached: true,
    env: {
      ...(inherited as NodeJS.ProcessEnv),
      NEXT_TELEMETRY_DISABLED: "1",
      CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
      CLOUDFLARE_ACCOUNT_HASH: emulator.accountHash,
      CLOUDFLARE_API_TOKEN: emulator.apiToken,
      DARKROOM_API_BASE_URL: `${emulator.url}/client/v4`,
      DARKROOM_DELIVERY_DOMAIN: emulator.deliveryDomain,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  server = { child, output: () => output };
  origin = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) break;
    const ok = await fetch(origin).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
  }
  throw new Error(`next start did not answer:\n${output}`);
}

async function stop(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running?.child.pid || running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  process.kill(-running.child.pid, "SIGTERM");
  await exited;
}

beforeAll(async () => {
  const { NODE_ENV: _, ...env } = process.env;
  const buildEnv = { ...(env as NodeJS.ProcessEnv), NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync("npx", ["next", "build"], { cwd: app, env: buildEnv, stdio: "pipe" });
  emulator = await startEmulator({ port: 0, flexibleVariants: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  await start();
});

afterAll(async () => {
  await stop();
  await browser?.close();
  await emulator?.stop();
});

describe("the gallery's home page", () => {
  test("stores the twelve samples on first start, and not again on the next", async () => {
    expect(server?.output()).toContain("stored 12 sample photos");
    await stop();
    await start();
    const listed = await fetch(
      `${emulator.url}/client/v4/accounts/${emulator.accountId}/images/v2?per_page=100`,
      {
        headers: { authorization: `Bearer ${emulator.apiToken}` },
      },
    ).then((response) => response.json() as Promise<{ result: { images: unknown[] } }>);
    expect(listed.result.images).toHaveLength(12);
    expect(server?.output()).not.toContain("stored");
  });

  test("has every image's srcset, sizes, box and placeholder in the HTML, the first row eager", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(origin);
    const images = await page.getByRole("list", { name: "Photos" }).evaluate((list) =>
      [...list.querySelectorAll("img")].map((img) => ({
        alt: img.alt,
        srcset: img.getAttribute("srcset") ?? "",
        sizes: img.getAttribute("sizes"),
        box: [img.getAttribute("width"), img.getAttribute("height")],
        style: img.getAttribute("style") ?? "",
        loading: img.getAttribute("loading"),
        priority: img.getAttribute("fetchpriority"),
      })),
    );
    expect(images).toHaveLength(12);
    for (const img of images) {
      expect(img.srcset, img.alt).toMatch(/\/cdn-cgi\/imagedelivery\/[^ ]+ \d+w, /);
      expect(img.sizes, img.alt).toBeTruthy();
      expect(img.box, img.alt).toEqual(["380", "253"]);
      expect(img.style, img.alt).toMatch(/url\("?data:image\//);
    }
    expect(images.slice(0, 4).map((img) => img.priority)).toEqual(["high", "high", "high", "high"]);
    expect(images.slice(4).every((img) => img.loading === "lazy")).toBe(true);
    await context.close();
  });

  test("opens a photo large, with no console problem on the way", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(m.text()));
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(origin);
    const first = page.getByRole("list", { name: "Photos" }).getByRole("link").first();
    const title = (await first.textContent()) ?? "";
    await first.click();
    await page.getByRole("heading", { name: title }).waitFor();
    const large = page.locator("main.photo img");
    await expect
      .poll(() => large.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    // Widths up to the original's, never beyond it (the samples are at most 960 pixels wide).
    const widths = [...((await large.getAttribute("srcset")) ?? "").matchAll(/ (\d+)w/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...widths)).toBeLessThanOrEqual(960);
    expect(problems).toEqual([]);
    await context.close();
  });

  test("pages with the Images API's continuation token: 24 photos, then the rest behind More photos", async () => {
    // Thirteen more (tiny) photos make 25: one past the first page.
    const client = createImagesClient({
      accountId: emulator.accountId,
      apiToken: emulator.apiToken,
      baseUrl: `${emulator.url}/client/v4`,
    });
    const dot = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
      "base64",
    );
    for (let i = 0; i < 13; i++) {
      const { uploadURL } = await client.createDirectUpload({
        metadata: { title: `Dot ${i}`, owner: "test", width: 1, height: 1 },
      });
      const form = new FormData();
      form.append("file", new Blob([dot], { type: "image/png" }), "dot.png");
      expect((await fetch(uploadURL, { method: "POST", body: form })).status).toBe(200);
    }
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const grid = page.getByRole("list", { name: "Photos" });
    await page.goto(origin);
    expect(await grid.locator("img").count()).toBe(24);
    await page.getByRole("link", { name: "More photos" }).click();
    await page.waitForURL(/\?after=/);
    // The oldest photo, the first sample stored, is the one left for the second page.
    expect(
      await grid.locator("img").evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).alt)),
    ).toEqual(["Harbour at dawn"]);
    expect(await page.getByRole("link", { name: "More photos" }).count()).toBe(0);
    await context.close();
  });
});
