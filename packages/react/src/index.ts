export type {
  CloudflareImagesOptions,
  CloudflareResizingOptions,
  Fit,
  ImageLoader,
  Layout,
  LoaderConfig,
  LoaderParams,
} from "@darkroom/core";
export { cloudflareImages, cloudflareResizing } from "@darkroom/core";
export type { ImageProps } from "./image";
export { Image } from "./image";
