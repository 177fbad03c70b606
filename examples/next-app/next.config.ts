import type { NextConfig } from "next";

const config: NextConfig = {
  // The emulator (development only, see instrumentation.ts) runs sharp: load it from node_modules, unbundled.
  serverExternalPackages: ["@darkroom/emulator"],
  // SOURCE_MAPS=1 writes browser source maps (the repository's test reads them to count Darkroom's bytes).
  productionBrowserSourceMaps: process.env.SOURCE_MAPS === "1",
  // webpack (`next build --webpack`) otherwise puts every client component that @darkroom/react's index re-exports
  // into each page importing from it, so a page with only <Image> would ship the uploader too. Turbopack needs
  // nothing; the line does no harm there.
  experimental: { optimizePackageImports: ["@darkroom/react"] },
};

export default config;
