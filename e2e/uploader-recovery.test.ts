import { describe, expect, it } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";
import { backendPerTest, file, fileItem, openUploader, png, sha256, waitForStatus } from "./upload-backend";

// <Uploader> in real Chromium against the emulator: each failure mode's message and recovery, drafts across reloads
// and closed tabs, exactly-once after lost responses, offline/online, and the circuit breaker.

const fixture = browserFixture();

const backend = backendPerTest(fixture);

const open = (query = "") => openUploader(fixture, query);

describe("failure modes", () => {
  it("transfer: says the file is kept, and Retry sends it without choosing it again", async () => {
    const page = await open("?attempts=1");
    // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
    backend.emulator.faults.add({ endpoint: "upload", kind: "drop", persistent: true });
    await page.setInputFiles('input[type="file"]', file("harbour.png", await png()));
    await waitForStatus(page, "harbour.png", "failed");
    await expect(fileItem(page, "harbour.png").textContent()).resolves.toContain(
      "Your file is kept: retry without choosing it again.",
    );
    backend.emulator.faults.clear();
    await page.getByRole("button", { name: "Retry harbour.png" }).click();
    await waitForStatus(page, "harbour.png", "done");
    expect(await backend.images()).toHaveLength(1);
  });

  it("provision: says nothing was uploaded; nothing reached Cloudflare", async () => {
    const page = await open("?attempts=1");
    backend.emulator.faults.add({ endpoint: "direct_upload", kind: "status", status: 500, persistent: true });
    await page.setInputFiles('input[type="file"]', file("beach.png", await png()));
    await waitForStatus(page, "beach.png", "failed");
    await expect(fileItem(page, "beach.png").textContent()).resolves.toContain(
      "We couldn't reach the image service, so beach.png was not uploaded",
    );
    expect(await backend.images()).toHaveLength(0);
  });

  it("rejected: gives Cloudflare's reason and offers no retry", async () => {
    const page = await open();
    backend.emulator.faults.add({ endpoint: "upload", kind: "reject_content" });
    await page.setInputFiles('input[type="file"]', file("scan.png", await png()));
    await waitForStatus(page, "scan.png", "failed");
    await expect(fileItem(page, "scan.png").textContent()).resolves.toMatch(
      /Cloudflare refused scan\.png \(.+\)/,
    );
    expect(await page.getByRole("button", { name: "Retry scan.png" }).isVisible()).toBe(false);
  });

  it("checks that cannot be downloaded (a deployment removed their chunk) leave the checking to Cloudflare", async () => {
    const page = await newPage(fixture.browser);
    fixture.page = page;
    // The page itself loads; the chunk the uploader imports with the first file does not.
    await page.route(/\/validate-[A-Z0-9]{8}\.js$/, (route) => route.fulfill({ status: 404, body: "gone" }));
    await page.goto(`${fixture.server.origin}/entry/uploader?nodrafts`);
    await page.setInputFiles('input[type="file"]', [
      file("page.png", Buffer.from("<!doctype html><title>not an image</title>")),
      file("fine.png", await png()),
    ]);
    await waitForStatus(page, "fine.png", "done");
    await waitForStatus(page, "page.png", "failed");
    // Cloudflare (the emulator) refused what the page could not check, with its own reason; nothing else broke.
    await expect(fileItem(page, "page.png").textContent()).resolves.toMatch(/Cloudflare refused page\.png/);
    expect(await backend.images()).toHaveLength(1);
  });

  it("the breaker opens after the configured failures and then fails fast without calling the endpoint", async () => {
    const page = await open("?attempts=1&threshold=2&concurrency=1");
    backend.emulator.faults.add({ endpoint: "direct_upload", kind: "status", status: 503, persistent: true });
    for (const name of ["a.png", "b.png"]) {
      await page.setInputFiles('input[type="file"]', file(name, await png(32, 32, name.length)));
      await waitForStatus(page, name, "failed");
    }
    const before = backend.provisions();
    await page.setInputFiles('input[type="file"]', file("c.png", await png(32, 32, 9)));
    await waitForStatus(page, "c.png", "failed");
    await expect(fileItem(page, "c.png").textContent()).resolves.toMatch(
      /having trouble.*Try again in \d+ seconds/,
    );
    expect(backend.provisions()).toBe(before);
  });

  it("offline: files wait with a message and go when the connection is back", async () => {
    const page = await open();
    await page.context().setOffline(true);
    await page.getByText("You're offline.").waitFor();
    await page.setInputFiles('input[type="file"]', file("train.png", await png()));
    await fileItem(page, "train.png").getByText("will upload when your connection is back").waitFor();
    expect(backend.provisions()).toBe(0);
    await page.context().setOffline(false);
    await waitForStatus(page, "train.png", "done");
  });
});

describe("drafts", () => {
  it("a failed upload survives a reload, and Retry all stores the very same bytes", async () => {
    const page = await open("?attempts=1");
    const bytes = await png(200, 150, 42);
    // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
    backend.emulator.faults.add({ endpoint: "upload", kind: "drop", persistent: true });
    await page.setInputFiles('input[type="file"]', file("kept.png", bytes));
    await waitForStatus(page, "kept.png", "failed");
    await fileItem(page, "kept.png").and(page.locator('[data-draft="saved"]')).waitFor();
    await page.reload();
    await page.locator(".darkroom-drafts").getByText("1 image was not sent.").waitFor();
    backend.emulator.faults.clear();
    await page.getByRole("button", { name: "Retry all" }).click();
    await waitForStatus(page, "kept.png", "done");
    const [image] = await backend.images();
    expect(image).toBeDefined();
    expect(await backend.storedSha256(image?.id ?? "")).toBe(sha256(bytes));
  });

  it("closing the tab mid-upload leaves a draft that another tab can send", async () => {
    const page = await open();
    backend.emulator.faults.add({ endpoint: "upload", kind: "delay", delayMs: 30_000 });
    await page.setInputFiles('input[type="file"]', file("closed.png", await png(120, 80, 7)));
    await waitForStatus(page, "closed.png", "uploading");
    // Kept once it has been under way for a second (`draftDelay`).
    await fileItem(page, "closed.png").and(page.locator('[data-draft="saved"]')).waitFor();
    const context = page.context();
    await page.close();
    backend.emulator.faults.clear();
    const next = await context.newPage();
    await next.goto(`${fixture.server.origin}/entry/uploader`);
    await next.locator(".darkroom-drafts").getByText("1 image was not sent.").waitFor();
    await next.getByRole("button", { name: "Retry all" }).click();
    await waitForStatus(next, "closed.png", "done");
  });

  it("Discard forgets the drafts for good", async () => {
    const page = await open("?attempts=1");
    // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
    backend.emulator.faults.add({ endpoint: "upload", kind: "drop", persistent: true });
    await page.setInputFiles('input[type="file"]', file("gone.png", await png()));
    await waitForStatus(page, "gone.png", "failed");
    await fileItem(page, "gone.png").and(page.locator('[data-draft="saved"]')).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Discard" }).click();
    // The banner goes once the drafts are deleted from IndexedDB.
    await page.locator(".darkroom-drafts").waitFor({ state: "detached" });
    await page.reload();
    await page.getByRole("button", { name: /choose files/ }).waitFor();
    expect(await page.getByText("not sent").count()).toBe(0);
  });

  it("a tab does not offer a draft another open tab is still sending", async () => {
    const page = await open();
    backend.emulator.faults.add({ endpoint: "upload", kind: "delay", delayMs: 3000 });
    await page.setInputFiles('input[type="file"]', file("busy.png", await png()));
    await fileItem(page, "busy.png").and(page.locator('[data-draft="saved"]')).waitFor();
    const other = await page.context().newPage();
    await other.goto(`${fixture.server.origin}/entry/uploader`);
    await other.getByRole("button", { name: /choose files/ }).waitFor();
    await waitForStatus(page, "busy.png", "done");
    expect(await other.getByText("not sent").count()).toBe(0);
    expect(await backend.images()).toHaveLength(1);
  });

  it("says so when the browser's storage is full, and the upload still goes", async () => {
    const page = await open("?attempts=1");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: fixture.server.origin, quotaSize: 4096 });
    // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
    backend.emulator.faults.add({ endpoint: "upload", kind: "drop", persistent: true });
    await page.setInputFiles('input[type="file"]', file("full.png", await png(200, 200, 8)));
    await waitForStatus(page, "full.png", "failed");
    // What the person reads; a message may follow its status by one render.
    await expect
      .poll(() => fileItem(page, "full.png").textContent())
      .toContain("Could not keep a local copy of full.png (your browser's storage is full).");
    backend.emulator.faults.clear();
    await page.getByRole("button", { name: "Retry full.png" }).click();
    await waitForStatus(page, "full.png", "done");
  });
});

describe("exactly once", () => {
  it("an upload whose response was lost is not stored twice", async () => {
    const page = await open();
    backend.emulator.faults.add({ endpoint: "upload", kind: "lose_response" });
    await page.setInputFiles('input[type="file"]', file("once.png", await png(64, 64, 3)));
    await waitForStatus(page, "once.png", "done");
    expect(await backend.images()).toHaveLength(1);
    expect(await page.evaluate(() => window.uploaded.length)).toBe(1);
  });
});
