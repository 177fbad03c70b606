import type { AddressInfo } from "node:net";
import { type Emulator, startEmulator } from "@darkroom/emulator";
import { afterEach, describe, expect, test } from "vitest";
import { newPage } from "./browser";
import { browserFixture } from "./fixture";
import { file, fileItem, png, waitForStatus } from "./upload-backend";

// The upload recipes in pairs, as the docs show them: the client recipe in Chromium against each server recipe,
// the server recipe against the emulator, configured only through the environment the recipe documents.
const fx = browserFixture();
let emulator: Emulator | undefined;
let stopServer: (() => void) | undefined;
afterEach(async () => {
  stopServer?.();
  await emulator?.stop();
});

type Env = { CF_ACCOUNT_ID: string; CF_IMAGES_TOKEN: string; CF_API_BASE_URL: string };
const envOf = (emu: Emulator): Env => ({
  CF_ACCOUNT_ID: emu.accountId,
  CF_IMAGES_TOKEN: emu.apiToken,
  CF_API_BASE_URL: `${emu.url}/client/v4`,
});

/** Each server recipe as a Fetch handler the test server mounts on /api/*. */
const servers: Record<string, (env: Env) => Promise<(request: Request) => Promise<Response>>> = {
  "Hono on Workers": async (env) => {
    const { default: app } = await import("../recipes/src/upload-hono-worker");
    return async (request) => app.fetch(request, env);
  },
  Express: async (env) => {
    // The Express recipe reads its environment when it loads, as a Node server does.
    Object.assign(process.env, env);
    const { app } = await import("../recipes/src/upload-express");
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => listening.once("listening", resolve));
    stopServer = () => listening.close();
    const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    return async (request) => {
      const { pathname } = new URL(request.url);
      const body = await request.arrayBuffer();
      return fetch(`${origin}${pathname}`, { method: request.method, headers: request.headers, body });
    };
  },
};

async function openClientRecipe(signedIn: boolean) {
  fx.page = await newPage(fx.browser);
  if (signedIn)
    await fx.page.context().addCookies([{ name: "session", value: "alice", url: fx.server.origin }]);
  await fx.page.goto(`${fx.server.origin}/entry/recipe-uploader`);
  await fx.page.getByRole("button", { name: /choose files/ }).waitFor();
  return fx.page;
}

async function storedFor(emu: Emulator, creator: string): Promise<string[]> {
  const response = await fetch(
    `${emu.url}/client/v4/accounts/${emu.accountId}/images/v2?creator=${encodeURIComponent(creator)}`,
    { headers: { authorization: `Bearer ${emu.apiToken}` } },
  );
  const body = (await response.json()) as { result: { images: { id: string }[] } };
  return body.result.images.map((i) => i.id);
}

describe.each(Object.keys(servers))("client recipe + %s recipe", (name) => {
  test("a signed-in user's file is stored under their id; signed out, the uploader says to sign in", async () => {
    emulator = await startEmulator();
    fx.server.api = await servers[name]?.(envOf(emulator));

    const page = await openClientRecipe(true);
    await page.setInputFiles('input[type="file"]', [file("fox.png", await png(64, 48, 7))]);
    await waitForStatus(page, "fox.png", "done");
    expect(await storedFor(emulator, "alice")).toHaveLength(1);
    await page.context().close();

    const signedOut = await openClientRecipe(false);
    await signedOut.setInputFiles('input[type="file"]', [file("owl.png", await png(64, 48, 8))]);
    await waitForStatus(signedOut, "owl.png", "failed");
    await expect
      .poll(() => fileItem(signedOut, "owl.png").textContent())
      .toMatch(/Sign in to upload owl\.png/);
    await expect(fileItem(signedOut, "owl.png").getByRole("button", { name: /Retry/ }).count()).resolves.toBe(
      1,
    );
  });
});
