import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["darkroom:source"] },
  test: {
    environment: "node",
    // Real HTTP, sharp and workerd: generous when the machine is busy (CI runs one package's tests at a time).
    testTimeout: 30_000,
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
