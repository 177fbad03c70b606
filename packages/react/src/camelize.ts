import type { ImageAttributes } from "@darkroom/core";
import * as React from "react";

/** React 19 knows `fetchPriority`; React 18 warns on it and wants the lowercase DOM name. */
export const FETCH_PRIORITY =
  typeof (React as { use?: unknown }).use === "function" ? "fetchPriority" : "fetchpriority";

/** Renames core's HTML attribute names to the props React expects. */
export function camelize({ srcset, fetchpriority, ...rest }: ImageAttributes): Record<string, unknown> {
  return { ...rest, srcSet: srcset, [FETCH_PRIORITY]: fetchpriority };
}
