import type { ServerResponse } from "node:http";
import type { Reply } from "./reply";

/** Writes a reply; HEAD requests get the headers only. */
export function writeReply(res: ServerResponse, reply: Reply, head = false): void {
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.body.length) });
  res.end(head ? undefined : reply.body);
}

/** Writes the headers and the first half of the body, then destroys the socket (the `drop` fault). */
export function writeBroken(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.body.length) });
  res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => {
    res.socket?.destroy();
  });
}
