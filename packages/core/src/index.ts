export { encodeBmp } from "./bmp";
export type { CloudflareImagesOptions, CloudflareResizingOptions } from "./cloudflare";
export { cloudflareImages, cloudflareResizing, cloudflareUrlLoader, encodeImageId } from "./cloudflare";
export { explainImageError } from "./image-diagnose";
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

// Resilience: backoff, circuit breaker and its stores, shared by the browser uploader and @darkroom/server.

export { nextDelay, retryAfterMs } from "./backoff";
export { BreakerOpenError, CircuitBreaker, memoryBreakerStore } from "./breaker";
export type { BroadcastBreakerStore } from "./breaker-store";
export { broadcastBreakerStore } from "./breaker-store";
export type { BackoffOptions, BreakerOptions, BreakerState, BreakerStore } from "./resilience-types";

// Upload validation before any request: header sniffing, file checks with stable error codes, safe file names.

export { displayName, UNNAMED_FILE } from "./filename";
export { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_METADATA_BYTES, MAX_UPLOAD_BYTES } from "./limits";
export type {
  FileError,
  FileErrorCode,
  FileErrorContext,
  FileErrorMessages,
  ImageFormat,
  ImageInfo,
  ResolvedLimits,
  SniffFailure,
  SniffFailureReason,
  SniffResult,
  ValidateOptions,
  ValidationResult,
} from "./upload-types";
export { validateFile } from "./validate-on-demand";

// A retry loop with backoff and Retry-After, for any operation whose errors the caller classifies.

export type { RetryDecision, RetryOptions, RetryPolicy } from "./retry";
export { retryPolicy, withRetry } from "./retry";

// Upload pipeline: a framework-free queue (validate → provision → transfer → confirm) with a failure taxonomy.

export type { Listener } from "./subscribable";
export { Subscribable } from "./subscribable";
export type { FailureClass, FailureInput } from "./upload-classify";
export { classifyFailure, cloudflareErrors, REJECTION_CODES } from "./upload-classify";
export type {
  UploadFailure,
  UploadFailureContext,
  UploadFailureKind,
  UploadFailureMessages,
} from "./upload-failures";
export { defaultUploadFailureMessages, failureMessage } from "./upload-failures";
export type { ManualOnlineSignal, OnlineSignal } from "./upload-online";
export { browserOnlineSignal, manualOnlineSignal } from "./upload-online";
export { ProgressMeter } from "./upload-progress";
export { Uploader } from "./upload-queue";
export type {
  ProvisionedUpload,
  UploaderOptions,
  UploaderSnapshot,
  UploadFileSnapshot,
  UploadResult,
  UploadStatus,
} from "./upload-queue-types";
export type { TransportRequest, TransportResponse, UploadTransport } from "./upload-transport";
export { PROGRESS_MIN_BYTES, TransportError, xhrTransport } from "./upload-transport";

// Local drafts: files kept in the browser until uploaded, for retries after a reload or in another tab.

export type { DraftMessageContext, DraftMessages } from "./draft-messages";
export { defaultDraftMessages, draftMessage } from "./draft-messages";
export type { IndexedDbDraftStoreOptions } from "./draft-store-idb";
export { indexedDbDraftStore } from "./draft-store-idb";
export { memoryDraftStore } from "./draft-store-memory";
export type {
  DraftClaim,
  DraftStore,
  DraftStoreErrorKind,
  DraftSummary,
  UploadDraft,
} from "./draft-types";
export { DraftStoreError } from "./draft-types";
export type {
  AlreadyUploaded,
  DraftState,
  PreprocessResult,
  UploadedImage,
} from "./upload-queue-types";
export type { UploadFile } from "./upload-task";

// Image preprocessing before upload: size as displayed, BlurHash and an optional smaller copy, in a Web Worker.

export { PreprocessError } from "./preprocess-error";
export { preprocessImage } from "./preprocess-on-demand";
export type { DownscaleOptions, PreprocessedImage, PreprocessOptions } from "./preprocess-types";

// The protocol between the uploader and the app's upload endpoint (createUploadHandler in @darkroom/server).
export type {
  UploadEndpointAnswer,
  UploadErrorAnswer,
  UploadErrorCode,
  UploadRequestBody,
} from "./upload-protocol";
