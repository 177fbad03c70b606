import type { Preview } from "@storybook/react-vite";
import { startImageWorker } from "./image-worker-start.ts";

/** True in a static build, which has the image worker (see `image-worker-build.ts`). */
declare const __DARKROOM_IMAGE_WORKER__: boolean;

const preview: Preview = {
  parameters: {
    layout: "padded",
    controls: { expanded: true, sort: "requiredFirst" },
    options: { storySort: { order: ["Image", ["Docs"], "Recipes"] } },
  },
  // A static build has no middleware to draw the images (`image-server.ts`): a service worker does it there.
  async beforeAll() {
    if (__DARKROOM_IMAGE_WORKER__) await startImageWorker();
  },
};

export default preview;
