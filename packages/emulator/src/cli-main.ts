import { parseArgs } from "node:util";
import { type Emulator, startEmulator } from "./server";

/** The CLI's usage text. */
export const USAGE = `Usage: darkroom-emulator [--port N] [--host H] [--data-dir DIR] [--seed N] [--flexible-variants]

A local Cloudflare Images emulator (API, direct-upload URLs, delivery, fault injection).
  --port N        TCP port (default 8787; 0 picks a free one)
  --host H        interface to listen on (default 127.0.0.1)
  --data-dir DIR  persist images and account state in DIR (default: memory only)
  --seed N        seed of the PRNG behind probability faults (default 1)
  --flexible-variants
                  turn flexible variants on (resizing by URL, which <Image>'s srcset uses); off on a new
                  account, as on Cloudflare. --no-flexible-variants turns them off again`;

/** Parses the arguments, starts the emulator and prints how to reach it; null after printing help. */
export async function runCli(argv: string[], log: (line: string) => void): Promise<Emulator | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      seed: { type: "string" },
      "flexible-variants": { type: "boolean" },
      "no-flexible-variants": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    log(USAGE);
    return null;
  }
  const number = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
    return n;
  };
  const emulator = await startEmulator({
    port: number("port", values.port, 8787),
    host: values.host ?? "127.0.0.1",
    dataDir: values["data-dir"],
    seed: number("seed", values.seed, 1),
    ...(values["flexible-variants"] ? { flexibleVariants: true } : {}),
    ...(values["no-flexible-variants"] ? { flexibleVariants: false } : {}),
  });
  log(`Darkroom emulator listening on ${emulator.url}`);
  log(`  API base URL:  ${emulator.url}/client/v4`);
  log(`  account id:    ${emulator.accountId}`);
  log(`  account hash:  ${emulator.accountHash}`);
  log(`  API token:     ${emulator.apiToken}`);
  log(`  signing key:   ${emulator.signingKey}`);
  log(`  faults API:    ${emulator.url}/__darkroom/faults`);
  log(`  storage:       ${values["data-dir"] ?? "memory"}`);
  log(
    emulator.flexibleVariants
      ? "  flexible variants: on (resizing by URL, as <Image> asks)"
      : "  flexible variants: off; <Image> srcsets answer 403 (Cf-Resized: err=9429) until started with --flexible-variants",
  );
  log(
    `  <Image> loader: cloudflareImages({ accountHash: "${emulator.accountHash}", domain: "${emulator.deliveryDomain}" })`,
  );
  return emulator;
}
