import { describe, expect, it } from "vitest";
import { runCli, USAGE } from "./cli-main";
import { api, envelope, png, uploaded } from "./test-support";

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

  it("--flexible-variants turns resizing by URL on, and prints the loader that points <Image> at the emulator", async () => {
    for (const [flags, status] of [
      [["--flexible-variants"], 200],
      [[], 403],
    ] as const) {
      const lines: string[] = [];
      const emu = await runCli(["--port", "0", ...flags], (l) => lines.push(l));
      if (!emu) throw new Error("no emulator");
      try {
        const text = lines.join("\n");
        expect(text).toContain(
          `cloudflareImages({ accountHash: "${emu.accountHash}", domain: "${emu.url}" })`,
        );
        expect(text).toMatch(
          status === 200 ? /flexible variants: on/ : /flexible variants: off.*--flexible-variants/,
        );
        const { variants } = await uploaded(emu, await png(64, 48));
        // The image object's URL is the custom-domain form; the same path with w=32 is what the loader asks for.
        const named = variants[0] as string;
        expect(named.startsWith(`${emu.url}/cdn-cgi/imagedelivery/${emu.accountHash}/`)).toBe(true);
        const resized = await fetch(named.replace(/\/public$/, "/w=32"));
        expect(resized.status).toBe(status);
        if (status === 403) expect(resized.headers.get("cf-resized")).toBe("err=9429");
      } finally {
        await emu.stop();
      }
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
