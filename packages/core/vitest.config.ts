import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["darkroom:source"] },
  test: {
    environment: "node",
    setupFiles: ["./vitest.setup.ts"],
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
