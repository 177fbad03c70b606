import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "./node-listener";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real Node http server running `handler` through `toNodeListener`; returns its origin. */
async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  const listener = toNodeListener(handler);
  const started = createServer((req, res) => void listener(req, res));
  server = started;
  await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
}

describe("toNodeListener", () => {
  it("hands the handler the method, URL, headers and body, and writes back its status, headers and body", async () => {
    const origin = await serve(async (request) => {
      const body = await request.text();
      const echo = {
        method: request.method,
        path: new URL(request.url).pathname,
        token: request.headers.get("x-csrf"),
        body,
      };
      return new Response(JSON.stringify(echo), { status: 201, headers: { "x-answer": "yes" } });
    });
    const response = await fetch(`${origin}/api/upload?x=1`, {
      method: "POST",
      headers: { "x-csrf": "abc", "content-type": "application/json" },
      body: '{"filename":"cat.jpg"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(await response.json()).toEqual({
      method: "POST",
      path: "/api/upload",
      token: "abc",
      body: '{"filename":"cat.jpg"}',
    });
  });

  it("answers 413 without calling the handler when the body is over 64 KB", async () => {
    let called = false;
    const origin = await serve(async () => {
      called = true;
      return new Response("ok");
    });
    const response = await fetch(`${origin}/api/upload`, { method: "POST", body: "x".repeat(70_000) });
    expect(response.status).toBe(413);
    expect(called).toBe(false);
  });

  it("answers 500 when the handler throws, without its message", async () => {
    const origin = await serve(async () => {
      throw new Error("token=secret");
    });
    const response = await fetch(`${origin}/`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret");
  });
});
