import {
  type DownscaleOptions,
  preprocessImage,
  type UploadedImage,
  type UploaderOptions,
} from "@darkroom/core";
import type * as React from "react";
import type { UploaderQueryClient, UploaderQueryKey } from "./query-client";
import type { UseUploaderOptions } from "./use-uploader";

/** The options whose latest value a stable wrapper reads (so a new function each render changes nothing). */
export type StableCallbacks = Pick<
  UseUploaderOptions,
  | "confirm"
  | "metadata"
  | "onUploaded"
  | "queryClient"
  | "invalidate"
  | "fetch"
  | "preprocess"
  | "downscale"
  | "validate"
>;

/**
 * `downscale` as `preprocessImage` takes it: by default the same limits the files are checked against, so a
 * shrunk copy passes the check that follows.
 */
function shrinkOptions(
  downscale: UseUploaderOptions["downscale"],
  limits: UseUploaderOptions["validate"] = {},
): DownscaleOptions | false {
  if (!downscale) return false;
  const { maxSide, maxPixels, maxBytes } = limits;
  const checked = Object.fromEntries(
    Object.entries({ maxSide, maxPixels, maxBytes }).filter(([, value]) => value !== undefined),
  );
  return { ...checked, ...(downscale === true ? {} : downscale) };
}

/** Runs `run` as a react-query mutation under `key`, so `useIsMutating` and the devtools see it; core retries. */
function asMutation<T>(
  client: UploaderQueryClient,
  key: UploaderQueryKey,
  run: () => Promise<T>,
): Promise<T> {
  // The cache's own client type is react-query's, which this package does not import (see UploaderQueryClient).
  const mutation = client
    .getMutationCache()
    .build(client as never, { mutationKey: key, mutationFn: run, retry: false });
  return mutation.execute(undefined) as Promise<T>;
}

/**
 * Core `Uploader` options from the hook's: data options as given, callbacks as stable wrappers that read `latest`,
 * and, with a `queryClient`, provisioning and confirming as mutations plus query invalidation after each upload.
 */
export function resolveCoreOptions(
  options: UseUploaderOptions,
  latest: React.RefObject<StableCallbacks>,
): Omit<UploaderOptions, "drafts"> {
  const {
    drafts: _drafts,
    onUploaded: _onUploaded,
    queryClient: _queryClient,
    invalidate: _invalidate,
    accept: _accept,
    multiple: _multiple,
    disabled: _disabled,
    preprocess,
    downscale,
    ...data
  } = options;
  const fetcher: typeof fetch = (input, init) => {
    const { fetch: given, queryClient } = latest.current;
    const send = () => (given ?? globalThis.fetch)(input, init);
    return queryClient ? asMutation(queryClient, ["darkroom", "provision"], send) : send();
  };
  return {
    ...data,
    fetch: fetcher,
    preprocess:
      preprocess === false
        ? undefined
        : (file, signal) => {
            const { preprocess: given, downscale: wanted, validate } = latest.current;
            if (given) return given(file, signal);
            return preprocessImage(file, { signal, downscale: shrinkOptions(wanted, validate) });
          },
    downscale: shrinkOptions(downscale) !== false,
    metadata:
      typeof options.metadata === "function"
        ? (file) => {
            const metadata = latest.current.metadata;
            return (typeof metadata === "function" ? metadata(file) : metadata) ?? {};
          }
        : options.metadata,
    confirm: options.confirm
      ? (result, file) => {
          const { confirm, queryClient } = latest.current;
          const run = () => confirm?.(result, file) ?? Promise.resolve(undefined);
          return queryClient ? asMutation(queryClient, ["darkroom", "confirm"], run) : run();
        }
      : undefined,
    onUploaded: (image: UploadedImage) => {
      const { onUploaded, queryClient, invalidate } = latest.current;
      onUploaded?.(image);
      for (const queryKey of invalidate ?? []) void queryClient?.invalidateQueries({ queryKey });
    },
  };
}
