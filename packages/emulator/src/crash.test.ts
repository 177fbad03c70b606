import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, png } from "./test-support";

const root = join(import.meta.dirname, "..");
// The CLI as it ships (scripts/build-package.mjs), built into a fresh folder inside the package so `sharp` resolves.
const outDir = mkdtempSync(join(root, "node_modules/.cache/crash-test-"));
const CRASHES = 10;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let dir: string;

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, "../../scripts/build-package.mjs"), "--outdir", outDir], {
    cwd: root,
    stdio: "pipe",
  });
  dir = await mkdtemp(join(tmpdir(), "darkroom-crash-"));
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  base: string;
  token: string;
  hash: string;
  exited: Promise<unknown>;
}

/** Starts `darkroom-emulator --data-dir` as a child process; resolves once it prints its URL and credentials. */
function launch(): Promise<Running> {
  const child = spawn(process.execPath, [join(outDir, "cli.js"), "--port", "0", "--data-dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((r) => child.once("exit", r));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err += c;
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
    child.stdout?.on("data", (c: Buffer) => {
      out += c;
      const field = (label: string) => new RegExp(`${label}:?\\s+(\\S+)`).exec(out)?.[1];
      const url = field("listening on");
      const [account, token, hash] = [field("account id"), field("API token"), field("account hash")];
      if (!url || !account || !token || !hash || !out.includes("faults API")) return;
      resolve({ child, url, base: `${url}/client/v4/accounts/${account}/images/`, token, hash, exited });
    });
  });
}

const call = (emu: Running, path: string, init: RequestInit = {}) =>
  fetch(`${emu.base}${path}`, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${emu.token}` },
  });

/** Acknowledged outcomes: an image with these bytes (and meta), or gone; `maybe` lists what was in flight. */
const acked = new Map<string, { sha: string; meta?: unknown } | "gone">();
const maybe = new Map<string, string[]>();

async function verify(emu: Running) {
  const listed = (await (await call(emu, "v2?per_page=1000")).json()) as {
    result: { images: { id: string }[] };
  };
  const ids = new Set(listed.result.images.map((i) => i.id));
  let lost = 0;
  for (const [id, want] of acked) {
    const got = await call(emu, `v1/${id}`);
    if (want === "gone") {
      if (got.status !== 404) lost += 1;
      continue;
    }
    const blob = await call(emu, `v1/${id}/blob`);
    const bytes = blob.status === 200 ? sha(Buffer.from(await blob.arrayBuffer())) : `HTTP ${blob.status}`;
    const meta =
      got.status === 200 ? ((await got.json()) as { result: { meta: unknown } }).result.meta : null;
    const ok = bytes === want.sha && ids.has(id) && (want.meta === undefined || sameJson(meta, want.meta));
    if (!ok) lost += 1;
  }
  // What was in flight is either whole (one of the states a request could leave) or absent, never broken.
  for (const [id, states] of maybe) {
    if (acked.has(id)) continue;
    const blob = await call(emu, `v1/${id}/blob`);
    if (blob.status === 404) continue;
    expect(states).toContain(sha(Buffer.from(await blob.arrayBuffer())));
  }
  return lost;
}
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe("crash suite: kill -9 during writes, restart on the same --data-dir", () => {
  it(`every acknowledged image survives ${CRASHES} crashes byte-identical and listed`, async () => {
    let survived = 0;
    let lostTotal = 0;
    for (let round = 0; round < CRASHES; round++) {
      const emu = await launch();
      lostTotal += await verify(emu);
      const images = await readdir(join(dir, "images"));
      expect(images.filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(await readdir(dir)).not.toContain("damaged");
      const earlier = [...acked].filter(([, v]) => v !== "gone").map(([id]) => id);
      const jobs: [string, (() => Promise<Response>) | undefined, () => void][] = [];
      for (let i = 0; i < 10; i++) {
        const id = `crash/${round}/${i}-${"é".repeat(i * 40)}`;
        const bytes = await png(16 + i, 16 + round);
        maybe.set(id, [sha(bytes)]);
        const body = form({ id, file: [bytes, "a.png"] });
        jobs.push([
          id,
          () => call(emu, "v1", { method: "POST", body }),
          () => acked.set(id, { sha: sha(bytes) }),
        ]);
      }
      const doomed = earlier.slice(round % 3, (round % 3) + 2);
      for (const id of doomed) {
        const prior = acked.get(id);
        if (prior && prior !== "gone") maybe.set(id, [prior.sha]);
        // Until its answer arrives the image may be either there or gone.
        acked.delete(id);
        jobs.push([id, () => call(emu, `v1/${id}`, { method: "DELETE" }), () => acked.set(id, "gone")]);
      }
      for (const id of earlier.slice(-2).filter((e) => !doomed.includes(e))) {
        const prior = acked.get(id);
        if (!prior || prior === "gone") continue;
        const meta = { round };
        acked.set(id, { sha: prior.sha });
        const init = { method: "PATCH", headers: { "content-type": "application/json" } };
        const send = () => call(emu, `v1/${id}`, { ...init, body: JSON.stringify({ metadata: meta }) });
        jobs.push([id, send, () => acked.set(id, { ...prior, meta })]);
      }
      // Kill on the k-th answer, while the other requests are still being read, inspected and written.
      const killAt = 3 + (round % 6);
      let answered = 0;
      await Promise.all(
        jobs.map(async ([, send, onAck]) => {
          const response = await send?.().catch(() => undefined);
          if (response?.status === 200) onAck();
          answered += 1;
          if (answered === killAt) emu.child.kill("SIGKILL");
        }),
      );
      emu.child.kill("SIGKILL");
      await emu.exited;
      survived += 1;
    }
    const last = await launch();
    lostTotal += await verify(last);
    last.child.kill("SIGKILL");
    await last.exited;
    const images = [...acked.values()].filter((v) => v !== "gone").length;
    console.log(
      `crash suite: ${survived} crashes survived, ${acked.size} acknowledged outcomes (${images} images), ${lostTotal} lost`,
    );
    expect(lostTotal).toBe(0);
  }, 240_000);
});
