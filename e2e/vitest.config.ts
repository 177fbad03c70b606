import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["darkroom:source"] },
  ssr: { resolve: { conditions: ["darkroom:source"] } },
  test: {
    environment: "node",
    include: ["*.test.ts"],
    // Each file drives its own Chromium; one at a time keeps timings (delays, idle waits) predictable on small machines.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
