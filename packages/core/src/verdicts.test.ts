import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FileErrorCode, ValidationResult } from "./upload-types";
import { validateFile } from "./validate-entry";

/** Shared with the emulator's `verdicts.test.ts`: both must judge every file in the folder the same way. */
const FOLDER = new URL("../../../fixtures/verdicts/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("verdicts.json", FOLDER), "utf8")) as {
  files: Record<string, { verdict: string }>;
};

const VERDICT: Partial<Record<FileErrorCode, string>> = {
  "dimensions-too-large": "too-large",
  "too-many-pixels": "too-large",
  "file-corrupt": "corrupt",
  "file-truncated": "corrupt",
  "file-invalid-type": "not-an-image",
};
const verdict = (r: ValidationResult) =>
  r.ok ? "ok" : (VERDICT[r.errors[0]?.code as FileErrorCode] ?? r.errors[0]?.code);

describe("validateFile on the shared verdict fixtures", () => {
  for (const [name, { verdict: expected }] of Object.entries(manifest.files)) {
    it(`${name}: ${expected}`, async () => {
      const bytes = readFileSync(new URL(name, FOLDER));
      const file = Object.assign(new Blob([new Uint8Array(bytes)]), { name });
      expect(verdict(await validateFile(file))).toBe(expected);
    });
  }
});
