import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Plugin } from "vite";

/**
 * Emits `image-worker.ts` bundled as `image-worker.js` at the root of a static `storybook build`. At the root because
 * a service worker controls only pages at or below its own path, and `iframe.html` is there. The dev server needs
 * none: its middleware (`image-server.ts`) answers the same paths. `__DARKROOM_IMAGE_WORKER__` tells the preview
 * which of the two it has.
 */
export function imageWorker(): Plugin {
  return {
    name: "darkroom:storybook-image-worker",
    config: (_, { command }) => ({
      define: { __DARKROOM_IMAGE_WORKER__: JSON.stringify(command === "build") },
    }),
    async generateBundle() {
      const result = await build({
        entryPoints: [fileURLToPath(new URL("./image-worker.ts", import.meta.url))],
        bundle: true,
        format: "iife",
        target: "es2022",
        write: false,
      });
      const code = result.outputFiles[0]?.text ?? "";
      this.emitFile({ type: "asset", fileName: "image-worker.js", source: code });
    },
  };
}
