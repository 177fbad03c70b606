export { encodeBmp } from "./bmp";
export type {
  CloudflareImagesOptions,
  CloudflareResizingOptions,
  CloudflareUrl,
} from "./cloudflare";
export {
  cloudflareImages,
  cloudflareResizing,
  cloudflareUrlLoader,
  encodeImageId,
  parseCloudflareUrl,
} from "./cloudflare";
export { blurhashToPlaceholder, resolvePlaceholder } from "./placeholder";
export { placeholderStyle, transformProps } from "./transform";
export type {
  Fit,
  ImageAttributes,
  ImageLoader,
  ImageOptions,
  Layout,
  LoaderConfig,
  LoaderParams,
  Placeholder,
} from "./types";
export type { Candidate, CandidateOptions } from "./widths";
export { DEFAULT_WIDTHS, DENSITIES, getCandidates, getSizes } from "./widths";
