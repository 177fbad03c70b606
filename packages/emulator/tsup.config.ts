import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "node20",
    external: ["sharp"],
  },
  {
    entry: ["src/cli.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "node20",
    external: ["sharp"],
    banner: { js: "#!/usr/bin/env node" },
  },
]);
