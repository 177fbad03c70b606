import { type Emulator, startEmulator } from "@darkroom/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createImagesClient } from "./client";
import { draftImageId } from "./draft-id";
import { createUploadHandler } from "./handler";

// A 1×1 PNG: the emulator decodes what it is sent.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
}, 30_000);
afterAll(() => emulator?.stop());
beforeEach(() => emulator.faults.clear());

const client = (attempts = 3) =>
  createImagesClient({
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    baseUrl: `${emulator.url}/client/v4`,
    retry: { attempts, baseMs: 5, capMs: 20 },
    breaker: false,
  });

interface Answer {
  status: number;
  body: { id?: string; uploadURL?: string; uploaded?: boolean; error?: { code: string } };
  retryAfter: string | null;
}

/** The app endpoint as the browser calls it, for `user` in public or private mode. */
async function provision(
  user: string,
  draftKey: unknown,
  requireSignedURLs: boolean,
  attempts = 3,
  retry: boolean | undefined = undefined,
) {
  const handler = createUploadHandler({
    client: client(attempts),
    authorize: () => ({ id: user }),
    requireSignedURLs,
    rateLimit: false,
  });
  const body = JSON.stringify({ filename: "dot.png", size: PNG.length, type: "image/png", draftKey, retry });
  const headers = { "content-type": "application/json" };
  const response = await handler(new Request("http://app/api/upload", { method: "POST", headers, body }));
  const answer: Answer = {
    status: response.status,
    body: (await response.json()) as Answer["body"],
    retryAfter: response.headers.get("retry-after"),
  };
  return answer;
}

/** What the browser does with an upload URL: one multipart POST, field `file`, no auth. */
function transfer(uploadURL: string | undefined): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "dot.png");
  return fetch(String(uploadURL), { method: "POST", body: form });
}

/** The ids of `creator`'s uploaded images, from the v2 list. */
async function listed(creator: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const image of client().listImages({ creator })) ids.push(image.id);
  return ids;
}

describe.each([
  ["public", false],
  ["private", true],
])("exactly-once provisioning of %s images", (mode, requireSignedURLs) => {
  const user = (name: string) => `${name}-${mode}`;

  it("answers uploaded: true after a transfer whose answer was lost, and stores one image", async () => {
    const first = await provision(user("ann"), "draft-1", requireSignedURLs);
    expect(first.status).toBe(200);
    expect(first.body.uploadURL).toBeTypeOf("string");
    emulator.faults.add({ endpoint: "upload", kind: "lose_response" });
    await expect(transfer(first.body.uploadURL)).rejects.toThrow();
    const again = await provision(user("ann"), "draft-1", requireSignedURLs, 3, true);
    expect(again).toEqual({ status: 200, body: { id: first.body.id, uploaded: true }, retryAfter: null });
    expect(await listed(user("ann"))).toEqual([first.body.id]);
    const image = await client().getImage(String(first.body.id));
    expect(image).toMatchObject({ meta: { draftKey: "draft-1" }, requireSignedURLs });
  });

  it("replaces a draft whose upload URL expired unused, and the new URL works", async () => {
    const first = await provision(user("cy"), "draft-2", requireSignedURLs);
    emulator.faults.add({ endpoint: "upload", kind: "expire_upload" });
    expect((await transfer(first.body.uploadURL)).status).toBe(400);
    const again = await provision(user("cy"), "draft-2", requireSignedURLs, 3, true);
    expect(again.status).toBe(200);
    expect(again.body.uploadURL).toBeTypeOf("string");
    if (!requireSignedURLs) expect(again.body.id).toBe(first.body.id);
    expect((await transfer(again.body.uploadURL)).status).toBe(200);
    expect(await listed(user("cy"))).toEqual([again.body.id]);
  });

  it("keeps users apart: another user's identical draftKey provisions its own image", async () => {
    const mine = await provision(user("dee"), "shared-key", requireSignedURLs);
    expect((await transfer(mine.body.uploadURL)).status).toBe(200);
    const theirs = await provision(user("eve"), "shared-key", requireSignedURLs);
    expect(theirs.status).toBe(200);
    expect(theirs.body.uploaded).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect((await transfer(theirs.body.uploadURL)).status).toBe(200);
    expect(await listed(user("dee"))).toEqual([mine.body.id]);
    expect(await listed(user("eve"))).toEqual([theirs.body.id]);
  });

  it("answers 503 with Retry-After when the look-up of a retry fails, and provisions nothing new", async () => {
    const first = await provision(user("fay"), "draft-3", requireSignedURLs);
    expect(first.status).toBe(200);
    emulator.faults.add({ endpoint: "api", kind: "rate_limit", retryAfter: 4 });
    const failed = await provision(user("fay"), "draft-3", requireSignedURLs, 1, true);
    expect(failed).toMatchObject({ status: 503, retryAfter: "4" });
    expect(failed.body.error?.code).toBe("upstream_unavailable");
    expect(JSON.stringify(failed.body)).not.toContain(emulator.apiToken);
    // The first URL still works: nothing replaced it.
    expect((await transfer(first.body.uploadURL)).status).toBe(200);
  });

  it("answers 400 to a malformed draftKey without calling Cloudflare", async () => {
    emulator.faults.add({ endpoint: "api", kind: "status", persistent: true });
    for (const draftKey of ["", "a/b", "k".repeat(129), 7]) {
      const refused = await provision(user("gus"), draftKey, requireSignedURLs);
      expect(refused.status).toBe(400);
    }
    expect(emulator.faults.list()[0]?.remaining).toBeNull();
  });
});

describe("public drafts", () => {
  it("recover from a lost direct_upload answer: the client's retry meets 409 and the draft is replaced", async () => {
    emulator.faults.add({ endpoint: "direct_upload", kind: "lose_response" });
    const answer = await provision("hal", "draft-4", false);
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(await draftImageId("hal", "draft-4"));
    expect((await transfer(answer.body.uploadURL)).status).toBe(200);
    expect(await listed("hal")).toEqual([answer.body.id]);
  });

  it("never touch an image of another creator that holds the derived id", async () => {
    const id = await draftImageId("ida", "draft-5");
    await client().createDirectUpload({ id, creator: "mallory", metadata: { draftKey: "draft-5" } });
    const answer = await provision("ida", "draft-5", false);
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe("draft_conflict");
    expect(await client().getImage(id)).toMatchObject({ creator: "mallory", draft: true });
  });
});
