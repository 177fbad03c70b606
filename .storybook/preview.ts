import type { Preview } from "@storybook/react-vite";

const preview: Preview = {
  parameters: {
    layout: "padded",
    controls: { expanded: true, sort: "requiredFirst" },
    options: { storySort: { order: ["Image", ["Docs"], "Recipes"] } },
  },
};

export default preview;
