export type { BreakerOptions, BreakerState, BreakerStore } from "./breaker";
export { CircuitBreaker, memoryBreakerStore } from "./breaker";
export type { ImagesClient, ImagesClientOptions } from "./client";
export { createImagesClient } from "./client";
export { draftImageId } from "./draft-id";
export type { CloudflareImagesErrorInit, CloudflareImagesErrorKind } from "./errors";
export { CircuitOpenError, CloudflareImagesError, CloudflareNetworkError } from "./errors";
export type { UploadHandler, UploadHandlerOptions, UploadUser } from "./handler";
export { createUploadHandler } from "./handler";
export { encodeImageId } from "./image";
export type { NodeRequestLike, NodeResponseLike } from "./node-listener";
export { toNodeListener } from "./node-listener";
export type { ProvisionClient } from "./provision";
export type { RateLimitOptions, RateLimitResult } from "./rate-limit";
export { TokenBucketLimiter } from "./rate-limit";
export type { RetryOptions } from "./retry";
export type { SignOptions, VerifyFailure, VerifyResult } from "./signing";
export { signUrl, verifySignedUrl } from "./signing";
export type {
  CloudflareApiMessage,
  DirectUpload,
  DirectUploadOptions,
  FetchLike,
  ImageList,
  ImageObject,
  ImagePage,
  ImageUpdate,
  ListImagesOptions,
} from "./types";
export type { UploadLimits, UploadRequestBody } from "./validate";
export { DEFAULT_TYPES } from "./validate";
