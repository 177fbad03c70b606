import type { ImageAttributes } from "@darkroom/core";
import * as ReactDOM from "react-dom";

/**
 * Asks the browser to fetch a priority image before it parses the `<img>`. React 19 hoists `preload()` into the
 * document head (also during SSR); React 18 has no `preload`, so a `<link rel="preload">` is rendered in place.
 */
export function usePreload(a: ImageAttributes, enabled: boolean) {
  const preload = (ReactDOM as Partial<typeof ReactDOM>).preload;
  if (enabled && a.src) {
    if (!preload)
      // React 18 only: it wants the lowercase DOM name, which React 19's types do not list.
      return (
        <link
          rel="preload"
          as="image"
          href={a.src}
          imageSrcSet={a.srcset}
          imageSizes={a.sizes}
          {...{ fetchpriority: "high" }}
        />
      );
    preload(a.src, { as: "image", imageSrcSet: a.srcset, imageSizes: a.sizes, fetchPriority: "high" });
  }
  return null;
}
