"use client";
import { type ImageOptions, transformProps } from "@darkroom/core";
import * as React from "react";
import { camelize } from "./camelize";
import { usePreload } from "./preload";

/** Props of {@link Image}: the core image options plus every other `<img>` attribute. */
export interface ImageProps
  extends ImageOptions,
    Omit<React.ImgHTMLAttributes<HTMLImageElement>, keyof ImageOptions | "srcSet" | "placeholder"> {
  /** Shown instead of a broken image when `src` fails to load. Without it, the placeholder stays. */
  fallbackSrc?: string;
}

type Status = "loading" | "loaded" | "error";

const BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

/**
 * A responsive `<img>`: `srcset`/`sizes` for its layout, `width`/`height` (no layout shift), lazy loading, and a
 * placeholder that is part of the server-rendered HTML. Renders exactly one `<img>` (plus a preload `<link>` on
 * React 18 for `priority` images). State is exposed as `data-state="loading|loaded|error"`.
 */
export const Image = React.forwardRef<HTMLImageElement, ImageProps>(function Image(props, forwardedRef) {
  const { src, alt, width, height, aspectRatio, layout, sizes, priority, loader, intrinsicWidth, quality, fit,
    breakpoints, blurhash, placeholder: ph, fallbackSrc, style, onLoad, onError, ...rest } = props;
  const options = { src, alt, width, height, aspectRatio, layout, sizes, priority, loader, intrinsicWidth, quality };
  const { attributes, placeholder } = transformProps({ ...options, fit, breakpoints, blurhash, placeholder: ph });
  // Status belongs to one src: a new src starts loading again without an effect.
  const [state, setState] = React.useState<{ of: string; status: Status; fallback?: boolean }>({
    of: src,
    status: "loading",
  });
  const { status, fallback } = state.of === src ? state : { status: "loading" as Status, fallback: false };
  const setStatus = (next: Status, useFallback = fallback) => setState({ of: src, status: next, fallback: useFallback });
  const link = usePreload(attributes, !!priority);

  const fail = (img: HTMLImageElement) => {
    if (fallbackSrc && !fallback) setStatus("loading", true);
    else if (img.currentSrc !== BLANK) setStatus("error");
  };
  // The image may have settled before hydration attached the handlers: read its state once mounted.
  const ref = React.useCallback(
    (img: HTMLImageElement | null) => {
      if (img?.complete) img.naturalWidth > 0 ? setStatus("loaded") : img.getAttribute("src") && fail(img);
      if (typeof forwardedRef === "function") forwardedRef(img);
      else if (forwardedRef) forwardedRef.current = img;
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the ref or the image changes, not per render
    [forwardedRef, src],
  );

  const shown = camelize(attributes);
  if (status === "loaded") shown.style = { ...(shown.style as object), backgroundImage: "none", backgroundColor: "transparent" };
  if (fallback && fallbackSrc) Object.assign(shown, { src: fallbackSrc, srcSet: undefined, sizes: undefined });
  if (status === "error") Object.assign(shown, { src: placeholder.image ?? BLANK, srcSet: undefined, sizes: undefined });

  const img = (
    <img
      {...rest}
      {...shown}
      style={{ ...(shown.style as React.CSSProperties), ...style }}
      ref={ref}
      data-state={status}
      onLoad={(e) => {
        onLoad?.(e);
        if (status === "loading") setStatus("loaded");
      }}
      onError={(e) => {
        onError?.(e);
        fail(e.currentTarget);
      }}
    />
  );
  return link ? (
    <>
      {link}
      {img}
    </>
  ) : (
    img
  );
});
