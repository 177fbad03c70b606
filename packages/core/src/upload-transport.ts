/** One upload request: the file and fields as `multipart/form-data` to `url`. */
export interface TransportRequest {
  url: string;
  file: Blob;
  /** Extra form fields sent before the file. */
  fields?: Readonly<Record<string, string>> | undefined;
  /** Aborting it stops the request; the promise then rejects with a {@link TransportError} of kind `abort`. */
  signal: AbortSignal;
  /** Called as bytes leave: `loaded` of `total` bytes of the request body. */
  onProgress: (loaded: number, total: number) => void;
}

/** The answer to an upload: its HTTP status and body text, whatever the status. */
export interface TransportResponse {
  status: number;
  body: string;
}

/** Sends the bytes of one upload. Swap it for tests, a proxy or another HTTP stack. */
export interface UploadTransport {
  /** Resolves with any HTTP answer; rejects with a {@link TransportError} when no answer came. */
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** Why an upload got no HTTP answer: the network failed (`network`) or the signal aborted it (`abort`). */
export class TransportError extends Error {
  readonly kind: "network" | "abort";

  constructor(kind: "network" | "abort") {
    super(kind === "abort" ? "The upload was aborted" : "The upload failed on the network");
    this.name = "TransportError";
    this.kind = kind;
  }
}

/**
 * Files up to this size are sent without upload progress events. A listener on `xhr.upload` makes every
 * cross-origin upload a preflighted CORS request (Fetch standard), and each one-time upload URL is new, so the
 * preflight is never cached: one more round trip per file, which costs small files more than their progress is
 * worth (they go in well under a second on most connections).
 */
export const PROGRESS_MIN_BYTES = 256 * 1024;

/**
 * The browser transport: `XMLHttpRequest`, because `fetch` cannot report upload progress. The file is sent as the
 * form field `file`, as Cloudflare's direct creator upload expects. Progress is reported for files over
 * {@link PROGRESS_MIN_BYTES}.
 */
export const xhrTransport: UploadTransport = {
  send({ url, file, fields = {}, signal, onProgress }) {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new TransportError("abort"));
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append("file", file);
      const xhr = new XMLHttpRequest();
      const onAbort = () => xhr.abort();
      const settle = () => signal.removeEventListener("abort", onAbort);
      if (file.size > PROGRESS_MIN_BYTES)
        xhr.upload.onprogress = (event) =>
          onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
      xhr.onload = () => {
        settle();
        resolve({ status: xhr.status, body: xhr.responseText });
      };
      xhr.onerror = () => {
        settle();
        reject(new TransportError("network"));
      };
      xhr.onabort = () => {
        settle();
        reject(new TransportError("abort"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      xhr.open("POST", url);
      xhr.send(form);
    });
  },
};
