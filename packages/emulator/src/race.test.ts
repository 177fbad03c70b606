import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { IdQueue } from "./id-queue";
import { type Emulator, startEmulator } from "./server";
import { api, directUpload, envelope, form, png, postFile } from "./test-support";

/**
 * Pauses the first image-file write or removal after `arm()` until the test releases it, so a second request on the
 * same id can be started while the first is inside its disk write: the interleaving the bug needed, every time.
 */
const gate = vi.hoisted(() => {
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  return {
    arm() {
      let reached = () => {};
      let release = () => {};
      const atGate = new Promise<void>((r) => {
        reached = r;
      });
      const released = new Promise<void>((r) => {
        release = r;
      });
      armed = { reached, released };
      return { atGate, release };
    },
    disarm() {
      armed = undefined;
    },
    async pass(path: unknown) {
      const held = armed;
      if (!held || !/[\\/]images[\\/]/.test(String(path))) return;
      armed = undefined;
      held.reached();
      await held.released;
    },
  };
});

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...fs,
    writeFile: async (...args: Parameters<typeof fs.writeFile>) => {
      await gate.pass(args[0]);
      return fs.writeFile(...args);
    },
    rm: async (...args: Parameters<typeof fs.rm>) => {
      await gate.pass(args[0]);
      return fs.rm(...args);
    },
  };
});

/** Resolves when an operation on `id` has to wait for another one on the same id (the store serialises them). */
let onQueued: ((id: string) => void) | undefined;
const run = IdQueue.prototype.run;
vi.spyOn(IdQueue.prototype, "run").mockImplementation(function (this: IdQueue, id, task) {
  if (this.busy(id)) onQueued?.(id);
  return run.call(this, id, task);
});

const RUNS = 20;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const dirs: string[] = [];
const figures = { races: 0, restarts: 0, mismatches: 0 };
afterAll(async () => {
  console.log(
    `race suite: ${figures.races} races run, ${figures.restarts} restarts checked, ${figures.mismatches} states differing from what was acknowledged`,
  );
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** What the acknowledged answers say must be stored for an id: nothing, a draft, or an image (meta, bytes). */
type Expected = { kind: "none" } | { kind: "draft" } | { kind: "image"; sha: string; meta?: unknown };

async function observed(emu: Emulator, id: string): Promise<Expected | { kind: "broken"; detail: string }> {
  const got = await api(emu, `v1/${id}`);
  if (got.status === 404) return { kind: "none" };
  const body = await envelope(got);
  const result = body.result as { draft?: boolean; meta?: unknown };
  if (result.draft) return { kind: "draft" };
  const blob = await api(emu, `v1/${id}/blob`);
  if (blob.status !== 200) return { kind: "broken", detail: `image without bytes (${blob.status})` };
  return { kind: "image", sha: sha(Buffer.from(await blob.arrayBuffer())), meta: result.meta };
}

/** Compares what the emulator serves (and lists) with what was acknowledged. */
async function check(emu: Emulator, ledger: Map<string, Expected>) {
  const listed = await envelope(await api(emu, "v2?per_page=1000"));
  const ids = new Set((listed.result as { images: { id: string }[] }).images.map((i) => i.id));
  for (const [id, expected] of ledger) {
    const seen = await observed(emu, id);
    const want =
      expected.kind === "image" && expected.meta === undefined ? { ...seen, meta: undefined } : seen;
    if (JSON.stringify(want) !== JSON.stringify(expected)) figures.mismatches += 1;
    expect({ id, ...want }).toEqual({ id, ...expected });
    expect(ids.has(id)).toBe(expected.kind === "image");
  }
}

interface Race {
  name: string;
  /** Prepares the id; returns the two requests (the first is the one caught inside its write). */
  setup(
    emu: Emulator,
    id: string,
    bytes: Buffer,
  ): Promise<[() => Promise<Response>, () => Promise<Response>]>;
  /** From the two answers, what must now be stored. */
  expect(a: Response, b: Response, bytes: Buffer, id: string): Expected;
}

const patch = (emu: Emulator, id: string) =>
  api(emu, `v1/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ metadata: { patched: id } }),
  });
const provision = (emu: Emulator, id: string) =>
  api(emu, "v2/direct_upload", { method: "POST", body: form({ id }) });
const drafted = async (emu: Emulator, id: string) => (await directUpload(emu, { id })).uploadURL;

const RACES: Race[] = [
  {
    name: "upload landing, then DELETE",
    async setup(emu, id, bytes) {
      const url = await drafted(emu, id);
      return [() => postFile(url, bytes), () => api(emu, `v1/${id}`, { method: "DELETE" })];
    },
    expect: (_a, b) => {
      expect(b.status).toBe(200);
      return { kind: "none" };
    },
  },
  {
    name: "DELETE, then upload landing",
    async setup(emu, id, bytes) {
      const url = await drafted(emu, id);
      return [() => api(emu, `v1/${id}`, { method: "DELETE" }), () => postFile(url, bytes)];
    },
    expect: (a) => {
      expect(a.status).toBe(200);
      return { kind: "none" };
    },
  },
  {
    name: "upload landing, then PATCH",
    async setup(emu, id, bytes) {
      const url = await drafted(emu, id);
      return [() => postFile(url, bytes), () => patch(emu, id)];
    },
    expect: (a, b, bytes, id) => {
      expect([a.status, b.status]).toEqual([200, 200]);
      return { kind: "image", sha: sha(bytes), meta: { patched: id } };
    },
  },
  {
    name: "PATCH, then upload landing",
    async setup(emu, id, bytes) {
      const url = await drafted(emu, id);
      return [() => patch(emu, id), () => postFile(url, bytes)];
    },
    expect: (a, b, bytes, id) => {
      expect([a.status, b.status]).toEqual([200, 200]);
      return { kind: "image", sha: sha(bytes), meta: { patched: id } };
    },
  },
  {
    name: "two direct uploads with the same custom id",
    setup: async (emu, id) => [() => provision(emu, id), () => provision(emu, id)],
    expect: (a, b) => {
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      return { kind: "draft" };
    },
  },
  {
    name: "POST images/v1 and direct_upload with the same custom id",
    setup: async (emu, id, bytes) => [
      () => api(emu, "v1", { method: "POST", body: form({ id, file: [bytes, "a.png"] }) }),
      () => provision(emu, id),
    ],
    expect: (a, b, bytes) => {
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      return a.status === 200 ? { kind: "image", sha: sha(bytes) } : { kind: "draft" };
    },
  },
  {
    name: "DELETE, then GET and blob",
    async setup(emu, id, bytes) {
      await postFile(await drafted(emu, id), bytes);
      const read = async () => {
        const [got, blob] = await Promise.all([api(emu, `v1/${id}`), api(emu, `v1/${id}/blob`)]);
        // A read sees the image whole or not at all.
        if (blob.status === 200) expect(sha(Buffer.from(await blob.arrayBuffer()))).toBe(sha(bytes));
        else expect(blob.status).toBe(404);
        expect([200, 404]).toContain(got.status);
        return got;
      };
      return [() => api(emu, `v1/${id}`, { method: "DELETE" }), read];
    },
    expect: (a) => {
      expect(a.status).toBe(200);
      return { kind: "none" };
    },
  },
];

/** Runs `first`, waits until it is inside its disk write (data-dir mode), then starts `second` beside it. */
async function interleave(
  dataDir: boolean,
  first: () => Promise<Response>,
  second: () => Promise<Response>,
): Promise<[Response, Response]> {
  if (!dataDir) return Promise.all([first(), second()]);
  const { atGate, release } = gate.arm();
  const a = first();
  const inWrite = await Promise.race([atGate.then(() => true), a.then(() => false)]);
  // Answered without writing (refused): the gate must not catch the second request instead.
  if (!inWrite) gate.disarm();
  const queued = new Promise<void>((r) => {
    onQueued = () => r();
  });
  const b = second();
  // The second request either finishes (nothing orders it after the first) or waits its turn in the store.
  await Promise.race([b, queued]);
  onQueued = undefined;
  release();
  gate.disarm();
  return Promise.all([a, b]);
}

describe.each([
  ["memory", false],
  ["data-dir", true],
])("same-id races (%s mode)", (_mode, dataDir) => {
  it.each(RACES.map((r) => [r.name, r] as const))(
    "%s: every answer and the stored state agree, also after a restart",
    async (_name, race) => {
      const dir = await mkdtemp(join(tmpdir(), "darkroom-race-"));
      dirs.push(dir);
      const options = dataDir ? { dataDir: dir } : {};
      let emu = await startEmulator(options);
      const ledger = new Map<string, Expected>();
      try {
        for (let i = 0; i < RUNS; i++) {
          const id = `race/${race.name.replace(/\W+/g, "-")}/${i}`;
          const bytes = await png(8 + i, 8);
          const [first, second] = await race.setup(emu, id, bytes);
          const [a, b] = await interleave(dataDir, first, second);
          ledger.set(id, race.expect(a, b, bytes, id));
          figures.races += 1;
          await check(emu, ledger);
          if (!dataDir) continue;
          await emu.stop();
          emu = await startEmulator(options);
          figures.restarts += 1;
          await check(emu, ledger);
        }
      } finally {
        gate.disarm();
        await emu.stop();
      }
    },
  );
});
