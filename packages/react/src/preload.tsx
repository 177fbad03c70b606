import type { ImageAttributes } from "@darkroom/core";
import * as ReactDOM from "react-dom";
import { FETCH_PRIORITY } from "./fetch-priority";

/**
 * Asks the browser to fetch a priority image before it parses the `<img>`. React 19 hoists `preload()` into the
 * document head (also during SSR); React 18 has no `preload`, so a `<link rel="preload">` is rendered in place.
 */
export function usePreload(a: ImageAttributes, enabled: boolean) {
  if (!enabled || !a.src) return null;
  const preload = (ReactDOM as Partial<typeof ReactDOM>).preload;
  const hint = { as: "image", imageSrcSet: a.srcset, imageSizes: a.sizes } as const;
  if (!preload) return <link rel="preload" {...hint} href={a.src} {...{ [FETCH_PRIORITY]: "high" }} />;
  preload(a.src, { ...hint, fetchPriority: "high" });
  return null;
}
