// Runs in Chromium for bench/upload-throughput.mjs (bundled by esbuild from the packages' source): uploads the
// loaded files through the emulator, either with Darkroom's core Uploader or with bare XMLHttpRequests, and
// reports how long it took from the first provisioning request to the last stored image.
import { indexedDbDraftStore, preprocessImage, Uploader } from "@darkroom/core";

const CONCURRENCY = 3;
/** @type {File[]} */
let files = [];

/** Fetches the benchmark images into `File`s, before any timing (the user's files are already on the client). */
window.load = async (names) => {
  files = await Promise.all(
    names.map(async (name) => {
      const response = await fetch(`/files/${name}`);
      if (!response.ok) throw new Error(`GET /files/${name}: ${response.status}`);
      return new File([await response.blob()], name, { type: "image/png" });
    }),
  );
  return files.reduce((sum, f) => sum + f.size, 0);
};

/** What every approach does first: ask the app endpoint for a one-time upload URL. */
async function provision(file) {
  const response = await fetch("/api/upload", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename: file.name, size: file.size, type: file.type }),
  });
  if (!response.ok) throw new Error(`POST /api/upload: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One multipart POST of `file`; `progress` adds an upload progress listener (which makes it a CORS preflight). */
function send(url, file, progress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    if (progress) xhr.upload.onprogress = () => {};
    xhr.onload = () =>
      xhr.status === 200
        ? resolve(JSON.parse(xhr.responseText).result.id)
        : reject(new Error(`upload ${xhr.status}: ${xhr.responseText.slice(0, 200)}`));
    xhr.onerror = () => reject(new Error("upload: network error"));
    xhr.open("POST", url);
    xhr.send(form);
  });
}

/** Runs `task` over `items` with at most `n` at once, in order of `items`. */
async function pool(items, n, task) {
  const out = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

const bare = (progress) => () =>
  pool(files, CONCURRENCY, async (file) => send((await provision(file)).uploadURL, file, progress));

/** Core's Uploader as an app configures it; resolves the stored ids once every file is done, or rejects on a failure. */
const darkroom =
  ({ drafts, preprocess }) =>
  () =>
    new Promise((resolve, reject) => {
      const uploader = new Uploader({
        endpoint: "/api/upload",
        concurrency: CONCURRENCY,
        user: "u1",
        drafts: drafts ? indexedDbDraftStore() : undefined,
        preprocess: preprocess ? (file, signal) => preprocessImage(file, { signal }) : undefined,
      });
      const check = () => {
        const { files: states } = uploader.getSnapshot();
        const failed = states.find((f) => f.status === "failed");
        if (failed) {
          unsubscribe();
          uploader.destroy();
          reject(new Error(`${failed.name}: ${failed.failure?.kind} ${failed.failure?.message}`));
        } else if (states.length === files.length && states.every((f) => f.status === "done")) {
          unsubscribe();
          resolve({ ids: states.map((f) => f.result.id), meta: states[0].result.meta, uploader });
        }
      };
      const unsubscribe = uploader.subscribe(check);
      uploader.add(files);
    });

const WAYS = {
  bare: bare(false),
  "bare-progress": bare(true),
  "darkroom-plain": darkroom({ drafts: false, preprocess: false }),
  "darkroom-drafts": darkroom({ drafts: true, preprocess: false }),
  "darkroom-preprocess": darkroom({ drafts: false, preprocess: true }),
  "darkroom-preprocess-drafts": darkroom({ drafts: true, preprocess: true }),
};

/** Uploads every loaded file one way; resolves the wall time and the stored image ids. */
window.run = async (way) => {
  const start = performance.now();
  const result = await WAYS[way]();
  const ms = performance.now() - start;
  if (Array.isArray(result)) return { ms, ids: result };
  // Let the uploader drop its drafts (after `done`, untimed) before the page goes away.
  await new Promise((resolve) => setTimeout(resolve, 50));
  result.uploader.destroy();
  return { ms, ids: result.ids, meta: result.meta };
};
