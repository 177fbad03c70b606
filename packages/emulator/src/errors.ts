/** A Cloudflare-style failure: the HTTP status plus the v4 error code and message clients see. */
export class CfError extends Error {
  readonly status: number;
  readonly code: number;

  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** 400 / 5400 "Bad Request", with a more precise message. */
export const badRequest = (message: string): CfError => new CfError(400, 5400, `Bad Request: ${message}`);

/** 404 / 5404 "Image not found". */
export const imageNotFound = (): CfError => new CfError(404, 5404, "Image not found");

/** 413 / 5413: the upload is larger than 10 MB. */
export const tooLarge = (): CfError => new CfError(413, 5413, "Maximum image size of 10 MB is reached");

/** 400 / 5455: the bytes are not an image format Cloudflare Images accepts. */
export const unsupportedFormat = (): CfError => new CfError(400, 5455, "Unsupported image format");

/** 415 / 5415: a raw body where a multipart form was expected. */
export const notAForm = (): CfError =>
  new CfError(
    415,
    5415,
    "Images must be uploaded as a form, not as raw image data. Please use multipart/form-data format.",
  );

/** 409 / 5409: an image with this custom id already exists. */
export const alreadyExists = (): CfError => new CfError(409, 5409, "Resource already exists");
