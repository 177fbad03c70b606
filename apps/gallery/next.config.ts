import type { NextConfig } from "next";

const config: NextConfig = {
  // The emulator's sample images are generated in Node at start (instrumentation.ts); keep the emulator unbundled.
  serverExternalPackages: ["@darkroom/emulator"],
  // webpack would otherwise send every client component of @darkroom/react with each page that imports it.
  experimental: { optimizePackageImports: ["@darkroom/react"] },
  // The build's type check leaves out .next/dev, whose copy of the route types would clash after `next dev`.
  typescript: { tsconfigPath: "tsconfig.check.json" },
};

export default config;
