import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "./server";
import { startEmulator } from "./server";
import { envelope, uploadV1 } from "./test-support";

/** Shared with core's `verdicts.test.ts`: both must judge every file in the folder the same way. */
const FOLDER = new URL("../../../fixtures/verdicts/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("verdicts.json", FOLDER), "utf8")) as {
  files: Record<string, { verdict: string }>;
};
const ANSWER: Record<string, [number, number | undefined]> = {
  ok: [200, undefined],
  "too-large": [400, 5400],
  corrupt: [400, 5455],
  "not-an-image": [400, 5455],
};

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

describe("the upload check on the shared verdict fixtures", () => {
  for (const [name, { verdict }] of Object.entries(manifest.files)) {
    it(`${name}: ${verdict}`, async () => {
      const response = await uploadV1(emu, readFileSync(new URL(name, FOLDER)), {}, name);
      const body = await envelope(response);
      expect([response.status, body.errors[0]?.code]).toEqual(ANSWER[verdict]);
    });
  }
});
