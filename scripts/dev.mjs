// Starts everything a newcomer can open: the Cloudflare Images emulator, the gallery (on the emulator, with its
// sample photos) and Storybook, and prints their URLs.
import { execFileSync, spawn } from "node:child_process";

process.env.STORYBOOK_DISABLE_TELEMETRY = "1";
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const EMULATOR_PORT = process.env.DARKROOM_EMULATOR_PORT ?? "8787";
const GALLERY_PORT = process.env.DARKROOM_GALLERY_PORT ?? "3000";

// The emulator runs from its build (a CLI); the gallery and Storybook's upload stories load the packages from their
// builds too (as an installed app does): build them and what they depend on first.
execFileSync(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@darkroom/emulator...",
    "--filter=@darkroom/server...",
    "--filter=@darkroom/react...",
    "--output-logs=errors-only",
  ],
  { stdio: "inherit" },
);

const emulatorUrl = `http://127.0.0.1:${EMULATOR_PORT}`;
const services = {
  emulator: {
    name: "Emulator",
    url: emulatorUrl,
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
  gallery: {
    name: "Gallery",
    url: `http://localhost:${GALLERY_PORT}`,
    cmd: "pnpm",
    args: ["--filter", "@darkroom/gallery", "exec", "next", "dev", "-p", GALLERY_PORT],
  },
  storybook: {
    name: "Storybook",
    url: "http://localhost:6006",
    cmd: "pnpm",
    args: ["exec", "storybook", "dev", "-p", "6006", "--no-open", "--ci"],
  },
};

const children = [];
/** Starts `service` with `env` added, its output prefixed line by line; calls `onLine` with each line. */
function start(service, env = {}, onLine = () => {}) {
  const child = spawn(service.cmd, service.args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  // Prefix whole lines only: a chunk may end mid-line.
  let pending = "";
  child.stdout.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      process.stdout.write(`[${service.name}] ${line}\n`);
      onLine(line);
    }
  });
  child.on("exit", (code) => {
    console.log(`[${service.name}] exited with code ${code}`);
    process.exitCode = code ?? 1;
    for (const c of children) c.kill();
  });
  children.push(child);
}

// The gallery needs the emulator's account: it starts once the emulator has printed it.
const printed = {};
const LABELS = {
  "account id": "CLOUDFLARE_ACCOUNT_ID",
  "account hash": "CLOUDFLARE_ACCOUNT_HASH",
  "API token": "CLOUDFLARE_API_TOKEN",
};
let galleryStarted = false;
start(services.emulator, {}, (line) => {
  const match = /^\s+(account id|account hash|API token):\s+(\S+)/.exec(line);
  if (match) printed[LABELS[match[1]]] = match[2];
  if (galleryStarted || Object.keys(printed).length < 3) return;
  galleryStarted = true;
  start(services.gallery, {
    ...printed,
    DARKROOM_API_BASE_URL: `${emulatorUrl}/client/v4`,
    DARKROOM_DELIVERY_DOMAIN: emulatorUrl,
  });
});
start(services.storybook);

console.log("\nDarkroom is starting:");
for (const s of Object.values(services)) console.log(`  ${s.name.padEnd(10)} ${s.url}`);
console.log("The emulator prints its account id, account hash, API token and signing key below.");
console.log("Press Ctrl+C to stop.\n");
process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGINT");
  process.exit(0);
});
