import * as React from "react";

/** React 19 knows `fetchPriority`; React 18 warns on it and wants the lowercase DOM name. */
export const FETCH_PRIORITY =
  typeof (React as { use?: unknown }).use === "function" ? "fetchPriority" : "fetchpriority";
