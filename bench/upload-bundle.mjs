// 8. Uploader bundle size: what an app ships to get a drop zone with uploads and progress, Darkroom side by side
// with react-dropzone, Uppy and UploadThing. esbuild, minified, production; react, react-dom, react/jsx-runtime and
// @tanstack/react-query external (an app has them already); everything else, react-dropzone included, is bundled.
// CSS that a library asks the app to import is bundled and measured too (Darkroom's styles are a string in its JS).
import { BUDGETS } from "./budgets.mjs";
import { bundleSize } from "./build.mjs";

const budget = (key) => {
  const b = BUDGETS.find((entry) => entry.key === key);
  return Math.floor(b.target ?? b.limit);
};
/** Target per Darkroom entry, min+gzip JS bytes up front (issue 12's budgets, enforced in the test command). */
export const UPLOAD_BUNDLE_TARGETS = { hook: budget("useUploader"), ui: budget("Uploader") };

// The Uppy equivalent of Darkroom's pipeline: the core, the XHR uploader and golden-retriever (Uppy's local drafts,
// the counterpart of Darkroom's IndexedDB drafts), registered as an app must.
const uppyCore = [
  'import Uppy from "@uppy/core";',
  'import XHRUpload from "@uppy/xhr-upload";',
  'import GoldenRetriever from "@uppy/golden-retriever";',
  "export const createUppy = () => new Uppy().use(XHRUpload, { endpoint: '/api/upload' }).use(GoldenRetriever);",
].join("\n");

/**
 * `tier` groups an entry with the Darkroom entry it is compared to: `hook` (headless: state and a drop zone's props,
 * the app draws the UI) or `ui` (a ready drop zone with per-file progress).
 */
export const UPLOAD_ENTRIES = [
  {
    key: "darkroom-hook",
    tier: "hook",
    label: "Darkroom useUploader",
    code: 'import { useUploader } from "@darkroom/react";\nexport { useUploader };',
  },
  {
    key: "dropzone",
    tier: "hook",
    label: "react-dropzone useDropzone (no upload)",
    code: 'export { useDropzone } from "react-dropzone";',
  },
  {
    key: "uppy-hook",
    tier: "hook",
    label: "Uppy core+xhr+golden-retriever, @uppy/react useDropzone+useUppyState",
    code: `${uppyCore}\nexport { UppyContextProvider, useDropzone, useUppyState } from "@uppy/react";`,
  },
  {
    key: "uploadthing-hook",
    tier: "hook",
    label: "@uploadthing/react useUploadThing+useDropzone",
    code: 'import { generateReactHelpers, useDropzone } from "@uploadthing/react";\nexport const { useUploadThing } = generateReactHelpers();\nexport { useDropzone };',
  },
  {
    key: "darkroom-ui",
    tier: "ui",
    label: "Darkroom <Uploader> (styles included)",
    code: 'export { Uploader } from "@darkroom/react";',
  },
  {
    key: "uppy-ui",
    tier: "ui",
    label: "Uppy core+xhr+golden-retriever, <Dropzone>+<FilesList> + CSS",
    code: `${uppyCore}\nimport "@uppy/react/css/style.css";\nexport { UppyContextProvider, Dropzone, FilesList } from "@uppy/react";`,
  },
  {
    key: "uppy-dashboard",
    tier: "ui",
    label: "Uppy core+xhr+golden-retriever, <Dashboard> + CSS",
    code: `${uppyCore}\nimport "@uppy/core/css/style.min.css";\nimport "@uppy/dashboard/css/style.min.css";\nexport { default as Dashboard } from "@uppy/react/dashboard";`,
  },
  {
    key: "uploadthing-ui",
    tier: "ui",
    label: "@uploadthing/react <UploadDropzone> + CSS",
    code: 'import "@uploadthing/react/styles.css";\nexport { UploadDropzone } from "@uploadthing/react";',
  },
];

const EXTERNAL = ["react", "react-dom", "react/*", "react-dom/*", "@tanstack/react-query"];

/** The package of a shortened path: `@scope/name`, `name`, or `core`/`react` for the workspace's own. */
const packageOf = (file) => {
  const parts = file.split("/");
  if (parts[1] === "src") return `@darkroom/${parts[0]}`;
  return file.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
};

/** Sums minified bytes per package. */
function byPackage(inputs) {
  const sums = {};
  for (const [file, n] of Object.entries(inputs)) sums[packageOf(file)] = (sums[packageOf(file)] ?? 0) + n;
  return Object.fromEntries(Object.entries(sums).sort((a, b) => b[1] - a[1]));
}

/**
 * Each entry's gzip size, with the ratio to the Darkroom entry of its tier (JS + CSS for both). A build error is
 * recorded on its row.
 */
export async function uploadBundleBench(app) {
  const rows = [];
  for (const entry of UPLOAD_ENTRIES) {
    try {
      const [prod, dev] = await Promise.all([
        bundleSize(entry.code, true, EXTERNAL, { splitting: true, app }),
        bundleSize(entry.code, false, EXTERNAL, { splitting: true, app }),
      ]);
      const source = entry.key.startsWith("darkroom")
        ? await bundleSize(entry.code, true, EXTERNAL, { splitting: true, source: true })
        : undefined;
      rows.push({
        ...entry,
        ...prod,
        total: prod.gzip + prod.cssGzip,
        devGzip: dev.gzip,
        sourceGzip: source?.gzip,
        packages: byPackage(prod.inputs),
      });
    } catch (e) {
      const first = e.errors?.[0];
      const message = first ? `${first.text} (${first.location?.file ?? "?"})` : String(e.message);
      rows.push({ ...entry, error: message.split("\n")[0] });
    }
  }
  for (const r of rows) {
    const base = rows.find((b) => b.key === `darkroom-${r.tier}`);
    if (r.total && base?.total) r.vsDarkroom = r.total / base.total;
  }
  return {
    method:
      "packed tarballs and registry packages installed with npm outside the workspace; esbuild bundle+minify+splitting, esm, browser, NODE_ENV=production; react, react-dom, react/*, @tanstack/react-query external; gzip -9 per chunk; up front = the entry and its static imports, later = chunks behind import(); CSS imports bundled separately",
    external: EXTERNAL,
    rows,
  };
}
