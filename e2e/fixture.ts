import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launch } from "./browser";
import { startServer, type TestServer } from "./server";

/** What a test file shares: one Chromium and one test server, plus the page the current test opened (if any). */
export interface Fixture {
  browser: Browser;
  server: TestServer;
  /** Set by a test that opens a page (e.g. with `newPage`); its context is closed after the test. */
  page: Page | undefined;
}

/**
 * Registers this file's hooks: before all tests, launch Chromium and start the test server; after each test,
 * close `page`'s context and reset the server's `hits` and `delay`; after all tests, close both.
 * Read `browser` and `server` (and set `page`) inside tests and hooks, not at module level.
 */
export function browserFixture(): Fixture {
  const fixture = { page: undefined } as Fixture;
  beforeAll(async () => {
    [fixture.browser, fixture.server] = await Promise.all([launch(), startServer()]);
  });
  afterEach(async () => {
    await fixture.page?.context().close();
    fixture.page = undefined;
    fixture.server.hits.length = 0;
    fixture.server.delay = () => 0;
    fixture.server.api = undefined;
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}
