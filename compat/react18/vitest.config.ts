import { defineConfig } from "vitest/config";

export default defineConfig({
  // dedupe: resolve `react` from this package (React 18) even inside @darkroom/react's source.
  resolve: { conditions: ["darkroom:source"], dedupe: ["react", "react-dom"] },
  test: {
    environment: "jsdom",
    // Bundle react-dropzone too, so its `react` import is deduped to this package's React 18 as well.
    server: { deps: { inline: ["react-dropzone"] } },
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
