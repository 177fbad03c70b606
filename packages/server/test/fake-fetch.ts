import type { FetchLike } from "../src/types";

/** One request the fake upstream received. */
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: RequestInit["body"];
  signal: AbortSignal | null | undefined;
}

/** What the fake upstream answers: a Response, or an Error to simulate a network failure. */
export type Reply = Response | Error | ((call: Recorded) => Response | Error | Promise<Response | Error>);

/** A Cloudflare v4 success envelope. */
export function ok(result: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json({ result, success: true, errors: [], messages: [] }, { status, headers });
}

/** A Cloudflare v4 error envelope. */
export function fail(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { result: null, success: false, errors: [{ code, message }], messages: [] },
    { status, headers },
  );
}

/** A fake `fetch` at the network edge: answers queued replies in order (the last one repeats) and records calls. */
export function fakeFetch(...replies: Reply[]): FetchLike & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: Recorded = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body: init.body,
      signal: init.signal,
    };
    calls.push(call);
    const reply = replies[Math.min(calls.length, replies.length) - 1];
    if (reply === undefined) throw new Error("fake fetch has no reply");
    const value = typeof reply === "function" ? await reply(call) : reply;
    if (value instanceof Error) throw value;
    return value.clone();
  };
  return Object.assign(fetch, { calls });
}

/** A sample image object as Cloudflare returns it. */
export function sampleImage(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    filename: `${id.split("/").pop()}.jpg`,
    meta: {},
    requireSignedURLs: false,
    uploaded: "2026-11-24T06:00:00.000Z",
    variants: [`https://imagedelivery.net/HASH/${id}/public`],
    creator: null,
    ...extra,
  };
}

/** Use as `promise.then(unexpected, (e) => e)`: a call that should fail but succeeds fails the test. */
export function unexpected(): never {
  throw new Error("expected the call to fail, but it succeeded");
}
