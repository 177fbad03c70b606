// The API token must not reach what an app can see of an error: message, stack, any property, any cause, at any
// depth. Each error is serialised completely (every own property, enumerable or not, down the whole chain).
import { describe, expect, it } from "vitest";
import { fakeFetch } from "../test/fake-fetch";
import { createImagesClient } from "./client";
import { createUploadHandler } from "./handler";

const TOKEN = "cfTok3n-DO-NOT-LEAK-0123456789abcdef";

/** Every string reachable from `value` through own properties (enumerable or not), prototypes' getters aside. */
function everything(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null || seen.has(value)) return String(value);
  seen.add(value);
  return Object.getOwnPropertyNames(value)
    .map((key) => `${key}=${everything((value as Record<string, unknown>)[key], seen)}`)
    .join("\n");
}

/** A custom fetch that fails the way wrappers and instrumented clients do: quoting the request it was given. */
function leakyFetch(): typeof fetch {
  return async (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const inner = new Error(`socket hang up while sending ${JSON.stringify(headers)}`);
    Object.assign(inner, { code: "ECONNRESET", config: { headers } });
    const outer = new TypeError(
      `fetch failed for ${String(input)} with Authorization ${headers.authorization}`,
      {
        cause: new AggregateError([inner, `raw ${headers.authorization}`], "all attempts failed"),
      },
    );
    Object.assign(outer, { request: { url: String(input), headers } });
    throw outer;
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("the API token in errors", () => {
  it("is in no part of a network error's cause chain, which keeps what helps debugging", async () => {
    const client = createImagesClient({
      accountId: "acc",
      apiToken: TOKEN,
      fetch: leakyFetch(),
      retry: { attempts: 1 },
    });
    const error = (await failure(client.getImage("x"))) as Error;
    const serialised = everything(error);
    expect(serialised).not.toContain(TOKEN);
    // The chain is still there, redacted: what failed and why, with the code.
    const cause = error.cause as Error & { errors: (Error & { code?: string })[] };
    expect(cause.message).toContain("fetch failed");
    expect(cause.message).toContain("[redacted]");
    const aggregate = cause.cause as Error & { errors: ((Error & { code?: string }) | string)[] };
    expect(aggregate.message).toBe("all attempts failed");
    expect((aggregate.errors[0] as Error & { code?: string }).code).toBe("ECONNRESET");
    expect(aggregate.errors[1]).toBe("raw Bearer [redacted]");
    expect(serialised).not.toMatch(/config|request=/);
  });

  it("is in nothing onError receives from the upload handler", async () => {
    const client = createImagesClient({
      accountId: "acc",
      apiToken: TOKEN,
      fetch: leakyFetch(),
      retry: { attempts: 1 },
    });
    const errors: unknown[] = [];
    const handler = createUploadHandler({
      client,
      authorize: () => ({ id: "u" }),
      onError: (e) => errors.push(e),
    });
    const response = await handler(
      new Request("https://app.example/api/upload", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ size: 10, type: "image/png" }),
      }),
    );
    expect(response.status).toBe(503);
    expect(errors).toHaveLength(1);
    expect(everything(errors[0])).not.toContain(TOKEN);
    expect(await response.text()).not.toContain(TOKEN);
  });

  it("refuses a token with a newline before sending anything, without repeating it", async () => {
    const fetch = fakeFetch();
    for (const token of [`${TOKEN}\n`, `${TOKEN} extra`, `${TOKEN}\r\nX-Injected: 1`]) {
      // Creating the client still works (an app may be built without its secrets); every call refuses.
      const client = createImagesClient({ accountId: "acc", apiToken: token, fetch, retry: { attempts: 1 } });
      const thrown = await failure(client.getImage("x"));
      expect(thrown).toBeInstanceOf(TypeError);
      expect(everything(thrown)).not.toContain(TOKEN);
      expect((thrown as Error).message).toMatch(/whitespace or a control character/);
    }
    expect(fetch.calls).toHaveLength(0);
  });
});
