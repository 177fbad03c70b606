import { defineMain } from "@storybook/react-vite/node";
import remarkGfm from "remark-gfm";
import { defaultClientConditions } from "vite";
import { imageServer } from "./image-server.ts";
import { imageWorker } from "./image-worker-build.ts";
import { uploadServer } from "./upload-server.ts";

export default defineMain({
  framework: { name: "@storybook/react-vite", options: { strictMode: true } },
  stories: [
    "../packages/*/src/**/*.mdx",
    "../packages/*/src/**/*.stories.@(ts|tsx)",
    "../recipes/src/**/*.mdx",
  ],
  addons: [
    // GitHub-flavoured Markdown in the MDX pages (their tables).
    {
      name: "@storybook/addon-docs",
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    "@storybook/addon-vitest",
  ],
  core: { disableTelemetry: true },
  typescript: {
    reactDocgen: "react-docgen-typescript",
    reactDocgenTypescriptOptions: {
      // There is no root tsconfig: this one covers the packages' source (with the `darkroom:source` condition).
      tsconfigPath: ".storybook/tsconfig.json",
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      // Document Darkroom's props, not the hundreds of `<img>` attributes inherited from React's types.
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
      // The recipes are shown as text (`?raw`), not rendered: nothing to document there.
      exclude: ["**/node_modules/**", "**/recipes/**"],
    },
  },
  async viteFinal(config) {
    // Run on the packages' TypeScript source (their `darkroom:source` export condition), not on a stale `dist`.
    const conditions = config.resolve?.conditions ?? [...defaultClientConditions];
    config.resolve = { ...config.resolve, conditions: ["darkroom:source", ...conditions] };
    // Serve `/cdn-cgi/image/…` and `/cdn-cgi/imagedelivery/…` with generated pictures: middleware on the dev server
    // (and Vitest), a service worker emitted into a static build. And `/api/upload` + `/api/faults` backed by an
    // embedded emulator, for the uploader stories (dev server only).
    config.plugins = [...(config.plugins ?? []), imageServer(), imageWorker(), uploadServer()];
    return config;
  },
});
