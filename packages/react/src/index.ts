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
export type { UploaderQueryClient, UploaderQueryKey } from "./query-client";
export type { UploaderProps } from "./uploader";
export { Uploader } from "./uploader";
export type { UploaderLabels } from "./uploader-labels";
export { defaultUploaderLabels } from "./uploader-labels";
export { uploaderCss } from "./uploader-styles";
export type { FileAction, FileActionProps, UseUploaderOptions, UseUploaderResult } from "./use-uploader";
export { useUploader } from "./use-uploader";
