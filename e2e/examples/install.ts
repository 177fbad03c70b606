// An example as a user has it: copied out of the repository and installed with npm, its @darkroom/* packages from
// the packed tarballs (never the workspace, never the registry).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: plain JavaScript shared with the benchmarks
import { packTarballs } from "../../bench/installed.mjs";

const examples = fileURLToPath(new URL("../../examples", import.meta.url));
/** Build output and installs that must not be copied along with an example's sources. */
const SKIP = new Set(["node_modules", "dist", "dist-server", ".next", ".emulator", "package-lock.json"]);

/** Copies `examples/<name>` to a scratch folder, installs it with the tarballs, and returns the folder. */
export function installExample(name: string): string {
  const app = join(tmpdir(), `darkroom-example-${name}`);
  // Keep node_modules between runs (npm is slow on two cores); replace everything else.
  if (existsSync(app)) {
    for (const entry of readdirSync(app)) {
      if (entry !== "node_modules") rmSync(join(app, entry), { recursive: true, force: true });
    }
  }
  cpSync(join(examples, name), app, {
    recursive: true,
    filter: (from) =>
      !relative(join(examples, name), from)
        .split("/")
        .some((part) => SKIP.has(part)),
  });
  const tarballs: Record<string, string> = packTarballs(join(app, ".tarballs"));
  const local = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  for (const field of ["dependencies", "devDependencies"]) {
    for (const pkg of Object.keys(manifest[field] ?? {})) if (local[pkg]) manifest[field][pkg] = local[pkg];
  }
  manifest.overrides = local;
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // A tarball of the same name and version may hold new code: never let npm keep the old copy.
  rmSync(join(app, "package-lock.json"), { force: true });
  rmSync(join(app, "node_modules/@darkroom"), { recursive: true, force: true });
  run(app, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"]);
  return app;
}

/** Runs a command in the example; throws with its output when it fails. */
export function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}): string {
  try {
    // The test runner's NODE_ENV=test must not reach `vite build` or `next build`.
    const { NODE_ENV: _, ...inherited } = process.env;
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}
