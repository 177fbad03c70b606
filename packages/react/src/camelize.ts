import type { ImageAttributes } from "@darkroom/core";
import * as React from "react";

/** React 19 knows `fetchPriority`; React 18 warns on it and wants the lowercase DOM name. */
const FETCH_PRIORITY = typeof (React as { use?: unknown }).use === "function" ? "fetchPriority" : "fetchpriority";

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Renames core's HTML attribute names to the props React expects. */
export function camelize(a: ImageAttributes): Record<string, unknown> {
  const { srcset, fetchpriority, style, ...rest } = a;
  const props: Record<string, unknown> = { ...rest, srcSet: srcset };
  if (fetchpriority) props[FETCH_PRIORITY] = fetchpriority;
  props.style = Object.fromEntries(Object.entries(style).map(([k, v]) => [camel(k), v]));
  return props;
}

export const FETCH_PRIORITY_PROP = FETCH_PRIORITY;
