"use client";
import {
  type DownscaleOptions,
  type DraftStore,
  indexedDbDraftStore,
  type UploadedImage,
  Uploader,
  type UploaderOptions,
  type UploaderSnapshot,
  type UploadFile,
} from "@darkroom/core";
import * as React from "react";
import { type DropzoneOptions, type DropzoneState, useDropzone } from "react-dropzone";
import type { UploaderQueryClient, UploaderQueryKey } from "./query-client";
import { type FileAction, fileActionProps } from "./uploader-actions";
import { resolveCoreOptions, type StableCallbacks } from "./uploader-options";

/** Settings of {@link useUploader}: those of core's `Uploader`, plus the React and browser integrations. */
export interface UseUploaderOptions
  extends Omit<UploaderOptions, "drafts" | "onUploaded" | "preprocess" | "downscale"> {
  /**
   * Measures each image before upload (width, height and a BlurHash, sent as metadata) in a Web Worker: default
   * `preprocessImage` from `@darkroom/core`; your own function; or `false` to send files unmeasured.
   */
  preprocess?: UploaderOptions["preprocess"] | false;
  /**
   * Shrink images over the limits in the browser instead of refusing them (`true`, or the limits and encoding to
   * use). Default `false`: a re-encode loses quality and metadata, so it is opt-in.
   */
  downscale?: boolean | DownscaleOptions | undefined;
  /**
   * Where unsent files are kept so they survive a reload: default IndexedDB in browsers (nothing during SSR);
   * `false` keeps nothing.
   */
  drafts?: DraftStore | false | undefined;
  /** Called once per stored image, with what `<Image>` needs to show it (id, URL, size, BlurHash, metadata). */
  onUploaded?: ((image: UploadedImage) => void) | undefined;
  /**
   * A react-query client (`useQueryClient()`): provisioning and confirming run as its mutations (keys
   * `["darkroom", "provision"]` and `["darkroom", "confirm"]`, so `useIsMutating` sees them), and `invalidate`
   * is applied to it after each upload.
   */
  queryClient?: UploaderQueryClient | undefined;
  /** Query keys to invalidate once an image is stored, e.g. `[["images"]]` for the app's gallery query. */
  invalidate?: readonly UploaderQueryKey[] | undefined;
  /** File types the picker offers, as react-dropzone's `accept` (MIME → extensions). The bytes are checked anyway. */
  accept?: DropzoneOptions["accept"];
  /** Allow choosing several files at once. Default `true`. */
  multiple?: boolean | undefined;
  /** Ignore drops, clicks and pastes. */
  disabled?: boolean | undefined;
}

/** Props of a button that acts on one file: `type`, `onClick`, an accessible name, and `hidden` when it cannot act. */
export interface FileActionProps {
  type: "button";
  onClick: () => void;
  "aria-label": string;
  hidden: boolean;
}

/** What {@link useUploader} returns: the uploader's state, prop getters for the drop zone, and actions. */
export interface UseUploaderResult extends UploaderSnapshot {
  /** Props for the drop zone element: drop, click and keyboard to choose, and paste from the clipboard. */
  getRootProps: DropzoneState["getRootProps"];
  /** Props for the hidden `<input type="file">` inside the drop zone. */
  getInputProps: DropzoneState["getInputProps"];
  /** Props for a button that cancels, retries or removes one file. */
  getActionProps: (id: string, action: FileAction, label?: string) => FileActionProps;
  /** Whether files are being dragged over the drop zone. */
  isDragActive: boolean;
  /** Opens the file picker. */
  open: () => void;
  add: (files: Iterable<UploadFile>) => string[];
  cancel: (id: string) => void;
  retry: (id: string) => void;
  remove: (id: string) => void;
  retryAll: () => void;
  /** Sends the files a previous page left unsent ("Retry all" of the drafts banner). */
  restoreDrafts: (keys?: string[]) => Promise<void>;
  /** Forgets the files a previous page left unsent. */
  discardDrafts: (keys?: string[]) => Promise<void>;
  /** The core uploader, for what the hook does not cover. */
  uploader: Uploader;
}

export type { FileAction };

const defaultDrafts = (): DraftStore | undefined =>
  typeof indexedDB === "undefined" ? undefined : indexedDbDraftStore();

function createUploader(
  options: UseUploaderOptions,
  latest: React.RefObject<StableCallbacks>,
  drafts: DraftStore | undefined,
): Uploader {
  return new Uploader({ ...resolveCoreOptions(options, latest), drafts });
}

/**
 * A headless uploader: files go straight from the browser to Cloudflare through one-time URLs from your endpoint,
 * with retries, local drafts and a message per failure. Spread `getRootProps()` on a drop zone and `getInputProps()`
 * on an `<input>` inside it (react-dropzone), render `files`, and use `getActionProps` for per-file buttons.
 */
export function useUploader(options: UseUploaderOptions): UseUploaderResult {
  const latest = React.useRef<StableCallbacks>(options);
  latest.current = options;
  const drafts = options.drafts;
  // One store per `drafts` value (the default IndexedDB store opens lazily, so creating it during SSR is harmless).
  const store = React.useMemo(() => (drafts === false ? undefined : (drafts ?? defaultDrafts())), [drafts]);
  const [uploader, setUploader] = React.useState(() => createUploader(options, latest, store));

  // biome-ignore lint/correctness/useExhaustiveDependencies: one uploader per mount; `store` reaches it below.
  React.useEffect(() => {
    // Strict Mode runs effects twice: an uploader destroyed by the first cleanup is replaced, not reused.
    if (uploader.destroyed) {
      setUploader(createUploader(latest.current as UseUploaderOptions, latest, store));
      return;
    }
    void uploader.loadDrafts();
    return () => uploader.destroy();
  }, [uploader]);

  const coreOptions = { ...resolveCoreOptions(options, latest), drafts: store };
  // Compared by value (functions drop out of JSON; callbacks read `latest`, so new ones each render change nothing).
  const optionsKey = JSON.stringify(coreOptions);
  // biome-ignore lint/correctness/useExhaustiveDependencies: compared through optionsKey and store.
  React.useEffect(() => uploader.setOptions(coreOptions), [uploader, optionsKey, store]);

  const snapshot = React.useSyncExternalStore(uploader.subscribe, uploader.getSnapshot, uploader.getSnapshot);
  const dropzone = useDropzone({
    onDrop: (accepted, rejected) => {
      // The uploader sniffs every file and says exactly why one is refused, so refused drops go to it too.
      const files = [...accepted, ...rejected.map((r) => r.file)];
      uploader.add(options.multiple === false ? files.slice(0, 1) : files);
    },
    accept: options.accept,
    multiple: options.multiple ?? true,
    disabled: options.disabled,
  });

  return {
    ...snapshot,
    getRootProps: dropzone.getRootProps,
    getInputProps: dropzone.getInputProps,
    getActionProps: (id, action, label) => fileActionProps(uploader, snapshot, id, action, label),
    isDragActive: dropzone.isDragActive,
    open: dropzone.open,
    add: (files) => uploader.add(files),
    cancel: (id) => uploader.cancel(id),
    retry: (id) => uploader.retry(id),
    remove: (id) => uploader.remove(id),
    retryAll: () => uploader.retryAll(),
    restoreDrafts: (keys) => uploader.restoreDrafts(keys),
    discardDrafts: (keys) => uploader.discardDrafts(keys),
    uploader,
  };
}
