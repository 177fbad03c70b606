// The processes an example runs as: its own emulator (the CLI from its node_modules, as a user starts it) and its
// production server. Both are stopped by `stop()`; their output is kept for failure messages and secret scans.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface Running {
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

function start(cwd: string, command: string, args: string[], env: Record<string, string>) {
  const { NODE_ENV: _, ...inherited } = process.env;
  const child: ChildProcess = spawn(command, args, { cwd, env: { ...inherited, ...env }, detached: true });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running: Running = {
    output: () => output,
    async stop() {
      // The whole group: `npm start` runs the server as its child.
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
  return { running, exited, child };
}

/** Waits until `test(output)` matches, or fails with the output when the process exits or time runs out. */
async function waitFor<T>(
  proc: ReturnType<typeof start>,
  test: (output: string) => T | undefined,
  what: string,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = test(proc.running.output());
    if (found !== undefined) return found;
    if (proc.child.exitCode !== null || Date.now() > deadline) {
      await proc.running.stop();
      throw new Error(`${what} did not start:\n${proc.running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ExampleEmulator extends Running {
  url: string;
  /** The environment the example's README says to set, with the values the emulator printed. */
  env: Record<string, string>;
}

/** `darkroom-emulator --port 0 --flexible-variants` from the example's node_modules; reads what it prints. */
export async function startEmulatorCli(app: string): Promise<ExampleEmulator> {
  const bin = join(app, "node_modules/.bin/darkroom-emulator");
  const proc = start(app, bin, ["--port", "0", "--flexible-variants"], {});
  const printed = (label: string, output: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1];
  const env = await waitFor(
    proc,
    (out) => {
      const values = {
        CF_API_BASE_URL: printed("API base URL", out),
        CF_ACCOUNT_ID: printed("account id", out),
        CF_ACCOUNT_HASH: printed("account hash", out),
        CF_IMAGES_TOKEN: printed("API token", out),
        CF_SIGNING_KEY: printed("signing key", out),
      };
      return Object.values(values).every(Boolean) ? (values as Record<string, string>) : undefined;
    },
    "the emulator",
  );
  const url = new URL(env.CF_API_BASE_URL as string).origin;
  return { ...proc.running, url, env: { ...env, CF_DELIVERY_DOMAIN: url } };
}

/** `npm start` in the example on `port`; resolves once `url` answers. */
export async function startServer(app: string, port: number, env: Record<string, string>): Promise<Running> {
  const proc = start(app, "npm", ["start"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
  await waitFor(
    proc,
    (out) => (/listening|ready|started server/i.test(out) ? true : undefined),
    `npm start (port ${port})`,
  );
  return proc.running;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
