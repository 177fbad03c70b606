// Starts everything a newcomer can open: Storybook (the emulator and the gallery join here as they land).
import { spawn } from "node:child_process";

process.env.STORYBOOK_DISABLE_TELEMETRY = "1";
const services = [
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
console.log("Press Ctrl+C to stop.\n");
process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGINT");
  process.exit(0);
});
