// Exercises the built bundle the same way in every runtime (Node, workerd, Bun, Deno): plain JS, no imports.
const DOC_URL =
  "https://imagedelivery.net/cheeW4oKsx5ljh8e8BoL2A/bc27a117-9509-446b-8c69-c81bfeac0a01/mobile";
const KEY = "example-signing-key";
const SECRET = "smoke-secret-token";

const envelope = (status, result, error) =>
  Response.json({ success: !error, result, errors: error ? [error] : [], messages: [] }, { status });

/** Runs the checks against `lib` (the bundle's exports) and returns what happened, as plain JSON. */
export async function smoke(lib) {
  const signed = await lib.signUrl(DOC_URL, KEY, { expiresAt: 1631289275 });
  const now = 1631289000000;
  let calls = 0;
  const flaky = async (_input, init) => {
    calls++;
    if (calls === 1) return envelope(503, null, { code: 5503, message: "Server Unavailable" });
    const creator = init.body.get("creator");
    return envelope(200, {
      id: `img-${creator}`,
      uploadURL: `https://upload.imagedelivery.net/H/img-${creator}`,
    });
  };
  const client = lib.createImagesClient({
    accountId: "a",
    apiToken: SECRET,
    fetch: flaky,
    retry: { baseMs: 1, capMs: 5 },
  });
  const authorize = (request) =>
    request.headers.get("x-user") ? { id: request.headers.get("x-user") } : null;
  const handler = lib.createUploadHandler({ client, authorize, now: () => 0 });
  const post = (user, body) =>
    handler(
      new Request("http://app/upload", {
        method: "POST",
        headers: { "content-type": "application/json", ...(user ? { "x-user": user } : {}) },
        body,
      }),
    );
  const ok = await post("alice", JSON.stringify({ type: "image/png", size: 100 }));
  const echo = async (_input, init) =>
    envelope(403, null, { code: 10000, message: `bad ${init.headers.Authorization}` });
  const refusing = lib.createUploadHandler({
    client: lib.createImagesClient({ accountId: "a", apiToken: SECRET, fetch: echo, retry: { attempts: 1 } }),
    authorize: () => ({ id: "bob" }),
  });
  const refused = await refusing(
    new Request("http://app/upload", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "image/png", size: 100 }),
    }),
  );
  // A body that never ends, without Content-Length: the handler must stop reading at its limit in every runtime.
  let pulled = 0;
  const endless = new ReadableStream({
    pull(controller) {
      pulled += 65536;
      controller.enqueue(new Uint8Array(65536));
    },
  });
  const tooLarge = await handler(
    new Request("http://app/upload", {
      method: "POST",
      headers: { "content-type": "application/json", "x-user": "dave" },
      body: endless,
      duplex: "half",
    }),
  );
  const crossSite = await handler(
    new Request("http://app/upload", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example", "x-user": "erin" },
      body: JSON.stringify({ type: "image/png", size: 100 }),
    }),
  );
  const refusedText = await refused.text();
  return {
    signed,
    verified: await lib.verifySignedUrl(signed, KEY, { now }),
    tampered: await lib.verifySignedUrl(signed.replace("/mobile", "/public"), KEY, { now }),
    upload: { status: ok.status, body: await ok.json(), upstreamCalls: calls },
    unauthorized: (await post(null, "{}")).status,
    badBody: (await post("carol", JSON.stringify({ type: "application/pdf", size: 100 }))).status,
    notPost: (await handler(new Request("http://app/upload"))).status,
    refused: { status: refused.status, leaksToken: refusedText.includes(SECRET) },
    endless: { status: tooLarge.status, readAtMost256KiB: pulled <= 262144 },
    crossSite: crossSite.status,
  };
}

/** What `smoke` returns when the bundle works. */
export const EXPECTED = {
  signed: `${DOC_URL}?exp=1631289275&sig=4b715c36545beca2c56e6eb22bcaff6491e66eaeb526747311d6e19962217666`,
  verified: { valid: true, expiresAt: 1631289275 },
  tampered: { valid: false, reason: "bad-signature" },
  upload: {
    status: 200,
    body: {
      id: "img-alice",
      uploadURL: "https://upload.imagedelivery.net/H/img-alice",
      expiresAt: "1970-01-01T00:30:00.000Z",
    },
    upstreamCalls: 2,
  },
  unauthorized: 401,
  badBody: 400,
  notPost: 405,
  refused: { status: 502, leaksToken: false },
  endless: { status: 413, readAtMost256KiB: true },
  crossSite: 415,
};
