// Finds the Chromium the browser tests drive, installing Debian's package when it is missing and we may.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return path;
  const canApt = existsSync("/usr/bin/apt-get") && process.getuid?.() === 0;
  if (!canApt) {
    throw new Error(
      `Chromium not found at ${path}. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  console.log("Installing Chromium from Debian (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  return path;
}
