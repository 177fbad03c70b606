import type { IncomingMessage } from "node:http";

/** Body bytes read and discarded after an early answer before the connection is cut. */
export const DRAIN_BYTES = 64 * 1024 * 1024;

/** How long an early answer waits for the rest of the body before the connection is cut. */
export const DRAIN_MS = 15_000;

/**
 * Keeps reading (and discarding) the body of a request answered before it was read — a 413, a fault, an auth
 * error — so the client can finish sending and then read the answer. Closing at once makes the kernel reset the
 * connection while unread body bytes are queued, and the reset destroys the answer on its way (Node's fetch and
 * http.request then report EPIPE / "other side closed" instead of the 413). The connection stays usable once the
 * body ends; past {@link DRAIN_BYTES} or {@link DRAIN_MS} it is cut, so the work a client can cause stays bounded.
 */
export function drainRest(req: IncomingMessage, maxBytes = DRAIN_BYTES, maxMs = DRAIN_MS): void {
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, maxMs);
  timer.unref();
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxBytes) cut();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}
