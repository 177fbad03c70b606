import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2020",
  external: ["react", "react-dom", "@darkroom/core"],
  // Every export is a client component or hook; esbuild drops per-file directives, so add it to the bundle.
  banner: { js: '"use client";' },
});
