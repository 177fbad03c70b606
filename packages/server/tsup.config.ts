import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  // The bundle is self-contained (Workers, Deno and Bun load it as is): core's resilience code is bundled from its
  // source, and tree-shaking drops the rest of core (and its blurhash import). Types still import `@darkroom/core`.
  noExternal: ["@darkroom/core"],
  esbuildOptions(options) {
    options.conditions = ["darkroom:source"];
  },
});
