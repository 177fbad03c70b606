import type { IncomingMessage } from "node:http";
import type { DerivedCache } from "./cache";
import type { Fault } from "./faults";
import type { Store } from "./store";

/** What every handler can reach. */
export interface Context {
  store: Store;
  /** The emulator's origin, e.g. `http://127.0.0.1:8787`, used in place of imagedelivery.net. */
  origin: string;
  cache: DerivedCache;
}

/** One request as the handlers see it. */
export interface Incoming {
  req: IncomingMessage;
  url: URL;
  /** A fault to honour inside the handler (expire_upload, reject_content), if one hit this request. */
  fault?: Fault | undefined;
  /** Called after each body chunk (used by the `drop` fault). */
  onChunk?: ((received: number) => void) | undefined;
}
