// Starts everything a newcomer can open: the Cloudflare Images emulator and Storybook (the gallery joins later).
import { execFileSync, spawn } from "node:child_process";

process.env.STORYBOOK_DISABLE_TELEMETRY = "1";
process.env.TURBO_TELEMETRY_DISABLED = "1";
const EMULATOR_PORT = process.env.DARKROOM_EMULATOR_PORT ?? "8787";

// The emulator runs from its build (a CLI), and Storybook's upload stories load the emulator and the server helpers
// from their builds too; build them and what they depend on first.
execFileSync(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@darkroom/emulator...",
    "--filter=@darkroom/server...",
    "--output-logs=errors-only",
  ],
  {
    stdio: "inherit",
  },
);

const services = [
  {
    name: "Emulator",
    url: `http://127.0.0.1:${EMULATOR_PORT}`,
    cmd: "node",
    args: [
      "packages/emulator/dist/cli.js",
      "--port",
      EMULATOR_PORT,
      "--data-dir",
      ".darkroom/emulator",
      "--flexible-variants",
    ],
  },
  {
    name: "Storybook",
    url: "http://localhost:6006",
    cmd: "pnpm",
    args: ["exec", "storybook", "dev", "-p", "6006", "--no-open", "--ci"],
  },
];

const children = services.map((s) => {
  const child = spawn(s.cmd, s.args, { stdio: ["ignore", "pipe", "inherit"] });
  // Prefix whole lines only: a chunk may end mid-line.
  let pending = "";
  child.stdout.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) process.stdout.write(`[${s.name}] ${line}\n`);
  });
  child.on("exit", (code) => {
    console.log(`[${s.name}] exited with code ${code}`);
    process.exitCode = code ?? 1;
    for (const c of children) c.kill();
  });
  return child;
});

console.log("\nDarkroom is starting:");
for (const s of services) console.log(`  ${s.name.padEnd(10)} ${s.url}`);
console.log("The emulator prints its account id, account hash, API token and signing key below.");
console.log("Press Ctrl+C to stop.\n");
process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGINT");
  process.exit(0);
});
