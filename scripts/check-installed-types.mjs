// Type-checks a user's file against the packed tarballs with `skipLibCheck: false`, as a strict app would: every
// published .d.ts / .d.cts is checked, under both the bundler and the node16 resolution, with no optional peer
// (@tanstack/react-query) installed. Writes .reports/installed-types.json; exits 1 on a type error.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installedApp } from "../bench/installed.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pin = (name) =>
  JSON.parse(
    spawnSync("node", ["-p", `JSON.stringify(require("${name}/package.json").version)`], {
      cwd: root,
      encoding: "utf8",
    }).stdout,
  );
const app = installedApp("types", {
  packages: ["core", "react", "server"],
  extra: {
    typescript: pin("typescript"),
    "@types/react": pin("@types/react"),
    "@types/react-dom": pin("@types/react-dom"),
    react: pin("react"),
    "react-dom": pin("react-dom"),
  },
});

const USER_CODE = `import { Image, Uploader, useUploader, cloudflareImages, type ImageProps } from "@darkroom/react";
import { preprocessImage, validateFile, type UploadRequestBody } from "@darkroom/core";
import { sniffImage } from "@darkroom/core/validate";
import { createUploadHandler, createImagesClient } from "@darkroom/server";

export const loader = cloudflareImages({ accountHash: "hash" });
export const props: ImageProps = { src: "id", alt: "A fox", width: 800, height: 600, loader };
export const element = <Image {...props} />;
export const uploader = <Uploader endpoint="/api/upload" onUploaded={(image) => console.log(image.id)} />;
export function useMine() {
  return useUploader({ endpoint: "/api/upload" }).getRootProps();
}
export const body: UploadRequestBody = { filename: "a.jpg", size: 1, type: "image/jpeg" };
export const checks = [preprocessImage, validateFile, sniffImage];
export const handler = createUploadHandler({
  client: createImagesClient({ accountId: "a", apiToken: "t" }),
  authorize: () => ({ id: "user" }),
});
`;

const results = [];
for (const [name, resolution] of [
  ["bundler", { module: "ESNext", moduleResolution: "Bundler" }],
  ["node16", { module: "Node16", moduleResolution: "Node16" }],
]) {
  const dir = join(app, `check-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "app.tsx"), USER_CODE);
  // Node16 reads app.tsx as ESM only inside a "type": "module" package.
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const compilerOptions = {
    ...resolution,
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    jsx: "react-jsx",
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    types: [],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.tsx"] }, null, 2));
  const tsc = spawnSync(process.execPath, [join(app, "node_modules/typescript/bin/tsc"), "-p", dir], {
    encoding: "utf8",
  });
  const ok = tsc.status === 0;
  console.log(`${ok ? "PASS" : "FAIL"} tsc with skipLibCheck: false, ${name} resolution, no react-query`);
  if (!ok) console.log(tsc.stdout + tsc.stderr);
  results.push({ name, ok, output: tsc.stdout });
}
const failed = results.filter((r) => !r.ok).length;
mkdirSync(join(root, ".reports"), { recursive: true });
writeFileSync(
  join(root, ".reports/installed-types.json"),
  JSON.stringify({ numPassedTests: results.length - failed, numFailedTests: failed, results }, null, 2),
);
process.exitCode = failed ? 1 : 0;
