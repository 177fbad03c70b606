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
export { blurhashColor, blurhashToPlaceholder, resolvePlaceholder } from "./placeholder";
export { encodePng } from "./png";
export { placeholderStyle, transformProps } from "./transform";
export type {
  Fit,
  ImageAttributes,
  ImageLoader,
  ImageOptions,
  Layout,
  LoaderParams,
  Placeholder,
} from "./types";
export type { Candidate, CandidateOptions } from "./widths";
export { DEFAULT_WIDTHS, DENSITIES, getCandidates, getSizes } from "./widths";
