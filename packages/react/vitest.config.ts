import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["darkroom:source"] },
  ssr: { resolve: { conditions: ["darkroom:source"] } },
  test: {
    environment: "jsdom",
    exclude: ["**/node_modules/**", "**/*.stories.tsx"],
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
