// Cloudflare Images' limits, apart from the checks that apply them so the upload pipeline can name them without
// loading validation (which it imports only once a file arrives).

/** Cloudflare Images' upload limit: 10 MB (10 × 1024 × 1024 bytes). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Cloudflare Images' longest side: 12,000 px. */
export const MAX_IMAGE_SIDE = 12_000;
/** Cloudflare Images' largest area: 100 megapixels. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Cloudflare Images' metadata limit: 1024 bytes of JSON. */
export const MAX_METADATA_BYTES = 1024;
