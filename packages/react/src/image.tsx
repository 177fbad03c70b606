"use client";
import { explainImageError, type ImageOptions, transformProps } from "@darkroom/core";
import * as React from "react";
import { boxStyle } from "./box-style";
import { FETCH_PRIORITY } from "./fetch-priority";
import { usePreload } from "./preload";

/** Props of {@link Image}: the core image options plus every other `<img>` attribute. */
export interface ImageProps
  extends ImageOptions,
    Omit<React.ImgHTMLAttributes<HTMLImageElement>, keyof ImageOptions | "srcSet" | "placeholder"> {
  /** Shown instead of a broken image when `src` fails to load. Without it, the placeholder stays. */
  fallbackSrc?: string;
}

/** loading → loaded | error; with `fallbackSrc`, the first error loads the fallback instead. */
type Status = "loading" | "loaded" | "error";

/** A transparent pixel: what an error without any placeholder shows instead of the broken-image icon. */
const BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

/**
 * A responsive `<img>`: `srcset`/`sizes` for its layout, `width`/`height` (no layout shift), lazy loading, and a
 * placeholder that is part of the server-rendered HTML. Renders one `<img>` (plus a preload `<link>` for `priority`
 * images on React 18). Its state is exposed as `data-state="loading|loaded|error"`, and `data-fallback` is set while
 * `fallbackSrc` is shown.
 */
export const Image = React.forwardRef<HTMLImageElement, ImageProps>(function Image(props, forwardedRef) {
  // biome-ignore format: one line per group of names
  const { src, alt, width, height, aspectRatio, layout, sizes, priority, loader, intrinsicWidth, quality, fit,
    breakpoints, blurhash, placeholder: _, fallbackSrc, style, onLoad, onError, ...rest } = props;
  const { attributes, placeholder } = transformProps(props);
  // A status belongs to one src: a new src starts loading again, with no effect needed.
  const [state, setState] = React.useState<[string, Status, boolean?]>([src, "loading"]);
  const [, status, fallback] = state[0] === src ? state : ["", "loading"];
  const set = (next: Status, useFallback = fallback) => setState([src, next, useFallback]);
  const fail = () => (fallbackSrc && !fallback ? set("loading", true) : set("error"));
  const link = usePreload(attributes, !!priority);

  // The image may have settled before hydration attached the handlers: read its state when it mounts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the ref or the image changes, not per render
  const ref = React.useCallback(
    (img: HTMLImageElement | null) => {
      if (img?.complete && img.getAttribute("src")) img.naturalWidth ? set("loaded") : fail();
      if (typeof forwardedRef === "function") forwardedRef(img);
      else if (forwardedRef) forwardedRef.current = img;
    },
    [forwardedRef, src],
  );

  // Props are built in one object literal: this runs once per image on every server render.
  const a = attributes;
  const replaced = status === "error" ? (placeholder.image ?? BLANK) : fallback ? fallbackSrc : undefined;
  const loaded = status === "loaded" && { background: "none" };
  const img: Record<string, unknown> = {
    ...rest,
    src: replaced ?? a.src,
    srcSet: replaced ? undefined : a.srcset,
    sizes: replaced ? undefined : a.sizes,
    alt,
    width: a.width,
    height: a.height,
    loading: a.loading,
    decoding: a.decoding,
    style: loaded || style ? { ...a.style, ...loaded, ...style } : a.style,
    ref,
    "data-state": status,
    "data-fallback": fallback ? "" : undefined,
    onLoad: (e: React.SyntheticEvent<HTMLImageElement>) => {
      onLoad?.(e);
      if (status !== "error") set("loaded");
    },
    onError: (e: React.SyntheticEvent<HTMLImageElement>) => {
      onError?.(e);
      if (process.env.NODE_ENV !== "production" && !fallback) explainImageError(e.currentTarget.currentSrc);
      if (status !== "error") fail();
    },
  };
  if (a.fetchpriority) img[FETCH_PRIORITY] = a.fetchpriority;
  return (
    <>
      {link}
      {boxStyle}
      {/* biome-ignore lint/a11y/useAltText: `alt` is in `img` (required by the props type) */}
      <img {...img} />
    </>
  );
});
