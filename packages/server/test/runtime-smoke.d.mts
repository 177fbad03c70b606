/** Runs the runtime checks against the bundle's exports and returns what happened, as plain JSON. */
export function smoke(lib: typeof import("../src/index")): Promise<unknown>;
/** What `smoke` returns when the bundle works. */
export const EXPECTED: unknown;
