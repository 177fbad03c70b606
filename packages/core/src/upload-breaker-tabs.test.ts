import { describe, expect, it } from "vitest";
import { fakeFetch, fakeTransport, flush, photo, useUploadTestClock } from "./upload-fakes.test-helper";
import { manualOnlineSignal } from "./upload-online";
import { Uploader } from "./upload-queue";

useUploadTestClock();

/** An uploader as a tab would make it: the default breaker store, which is shared over BroadcastChannel. */
function tab(api: ReturnType<typeof fakeFetch>) {
  return new Uploader({
    endpoint: "/api/tabs-share-this-breaker",
    fetch: api.fetch,
    transport: fakeTransport().transport,
    online: manualOnlineSignal(true),
    random: () => 0,
    retry: { attempts: 1 },
    breaker: { threshold: 1, openMs: 30_000 },
  });
}

describe("the default circuit breaker", () => {
  it("is shared by the tabs: once one tab's breaker opens, another fails fast without calling the endpoint", async () => {
    const down = fakeFetch([new TypeError("Failed to fetch")]);
    const other = fakeFetch([]);
    const first = tab(down);
    const second = tab(other);
    first.add([photo("a.png")]);
    await flush();
    expect(first.getSnapshot().files[0]?.failure?.kind).toBe("provision");

    second.add([photo("b.png")]);
    await flush();
    expect(second.getSnapshot().files[0]?.failure?.kind).toBe("unavailable");
    expect(other.calls()).toBe(0);
    first.destroy();
    second.destroy();
  });
});
