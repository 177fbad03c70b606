import { describe, expect, it } from "vitest";
import { runCli, USAGE } from "./cli-main";
import { api, envelope } from "./test-support";

describe("darkroom-emulator CLI", () => {
  it("starts on the given port and prints URL, account id, hash, token and signing key", async () => {
    const lines: string[] = [];
    const emu = await runCli(["--port", "0"], (l) => lines.push(l));
    if (!emu) throw new Error("no emulator");
    try {
      const text = lines.join("\n");
      for (const value of [emu.url, emu.accountId, emu.accountHash, emu.apiToken, emu.signingKey]) {
        expect(text).toContain(value);
      }
      expect((await envelope(await api(emu, "v1/stats"))).success).toBe(true);
    } finally {
      await emu.stop();
    }
  });

  it("prints usage for --help and refuses bad values and unknown flags", async () => {
    const lines: string[] = [];
    expect(await runCli(["--help"], (l) => lines.push(l))).toBeNull();
    expect(lines).toEqual([USAGE]);
    await expect(runCli(["--port", "abc"], () => {})).rejects.toThrow(/--port/);
    await expect(runCli(["--nope"], () => {})).rejects.toThrow();
  });
});
