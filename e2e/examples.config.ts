import { defineConfig } from "vitest/config";

// The examples, installed from the packed tarballs and built as a user builds them: slow (npm install, Vite and
// Next.js builds), so they have their own run and their own report.
export default defineConfig({
  test: {
    environment: "node",
    include: ["examples/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ["default", ["json", { outputFile: ".reports/examples.json" }]],
  },
});
