import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
