import { FETCH_PRIORITY } from "./fetch-priority";

const CSS = ":where(img[data-state]){display:inline-block}";

/**
 * Keeps a failing image's box without JavaScript. An `<img>` that shows its alt text instead of pixels is laid out
 * as inline text, where `width`, `height` and `aspect-ratio` do not apply (a hero collapses to its alt text); as an
 * inline-block they do, and a loaded image looks the same either way. Zero specificity (`:where`), so an app's own
 * `img { display: block }` still wins. React 19 hoists one copy into `<head>`; React 18 renders it beside the image.
 */
export const boxStyle =
  FETCH_PRIORITY === "fetchPriority" ? (
    <style href="darkroom-image" precedence="darkroom">
      {CSS}
    </style>
  ) : (
    <style>{CSS}</style>
  );
