import type { IncomingMessage, ServerResponse } from "node:http";
import { API_PREFIX, handleApi, isDirectUpload } from "./api";
import { readBody } from "./body";
import type { Context, Incoming } from "./context";
import { deliver } from "./delivery";
import { badRequest, CfError } from "./errors";
import { FAULTS_PATH, handleFaultApi } from "./fault-api";
import type { Fault, FaultEndpoint, Faults } from "./faults";
import { drainRest } from "./linger";
import { deliveryError, failure, type Reply } from "./reply";
import { decodesCleanly, parseTarget } from "./request-target";
import { uploadToUrl } from "./upload-url";
import { writeBroken, writeReply } from "./write";

const CORS = { "access-control-allow-origin": "*" };

/** The reply for an error thrown by a handler: the v4 envelope, or text + Cf-Resized for delivery. */
function errorReply(error: unknown, endpoint: FaultEndpoint): Reply {
  const e = error instanceof CfError ? error : new CfError(500, 5500, "Internal Server Error");
  if (!(error instanceof CfError)) console.error("[darkroom-emulator]", error);
  return endpoint === "delivery" ? deliveryError(e.status, e.code, e.message) : failure(e);
}

/** The reply a `status` or `rate_limit` fault forces. */
function faultReply(fault: Fault): Reply | undefined {
  if (fault.kind === "rate_limit") {
    const retry = String(fault.retryAfter ?? 1);
    const error = new CfError(429, 971, "Please wait and consider throttling your request speed");
    if (fault.endpoint !== "delivery") return failure(error, { "retry-after": retry });
    const reply = deliveryError(429, 971, error.message);
    reply.headers["retry-after"] = retry;
    return reply;
  }
  if (fault.kind !== "status") return undefined;
  const delivery = fault.endpoint === "delivery";
  const error = new CfError(
    fault.status ?? 500,
    fault.code ?? (delivery ? 9500 : 5500),
    fault.message ?? "Internal Server Error (injected fault)",
  );
  return delivery ? deliveryError(error.status, error.code, error.message) : failure(error);
}

/** Paths that answer in the v4 envelope whatever the method. */
const isApiOrFaults = (pathname: string) =>
  pathname.startsWith(API_PREFIX) || pathname.startsWith(FAULTS_PATH);

/** Decides which endpoint (for faults) a request hits and which handler serves it. */
function route(method: string, url: URL, ctx: Context) {
  if (url.pathname.startsWith(API_PREFIX)) {
    const endpoint: FaultEndpoint = isDirectUpload(url.pathname) ? "direct_upload" : "api";
    return { endpoint, handler: (input: Incoming) => handleApi(input, ctx) };
  }
  if (method === "POST") {
    const [, hash, ...rest] = url.pathname.split("/");
    const handler = async (input: Incoming) => {
      if (hash !== ctx.store.account.accountHash || rest.length === 0) {
        throw new CfError(404, 5404, "Image not found");
      }
      return uploadToUrl(input, ctx, rest.map((s) => decodeURIComponent(s)).join("/"));
    };
    return { endpoint: "upload" as const, handler };
  }
  if (method === "GET" || method === "HEAD") {
    return { endpoint: "delivery" as const, handler: (input: Incoming) => deliver(input, ctx) };
  }
  return undefined;
}

/** Serves one request: CORS preflight, fault API, then API / upload URL / delivery with faults applied. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: Context, faults: Faults) {
  const method = req.method ?? "GET";
  const finish = (reply: Reply, broken = false) => {
    if (res.destroyed || req.socket.destroyed) return;
    if (!req.complete) drainRest(req);
    if (broken) writeBroken(res, reply);
    else writeReply(res, reply, method === "HEAD");
  };
  const url = parseTarget(req.url ?? "/", ctx.origin);
  if (!url) return finish(failure(badRequest("the request target is not a valid URL")));
  if (!decodesCleanly(url.pathname)) {
    const why = "the path has a malformed percent-encoding";
    const delivery = (method === "GET" || method === "HEAD") && !isApiOrFaults(url.pathname);
    return finish(delivery ? deliveryError(400, 9432, `Bad request: ${why}`) : failure(badRequest(why)));
  }
  const faultsApi = url.pathname === FAULTS_PATH || url.pathname.startsWith(`${FAULTS_PATH}/`);
  // No CORS on the faults API: a page on another origin must not be able to change a developer's emulator.
  if (method === "OPTIONS" && faultsApi) return finish({ status: 204, headers: {}, body: Buffer.alloc(0) });
  if (method === "OPTIONS") {
    const allow = req.headers["access-control-request-headers"];
    const headers: Record<string, string> = {
      ...CORS,
      "access-control-allow-methods": "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS",
      "access-control-max-age": "86400",
    };
    if (allow) headers["access-control-allow-headers"] = String(allow);
    return finish({ status: 204, headers, body: Buffer.alloc(0) });
  }
  if (faultsApi) {
    const body = () => readBody(req, { limit: 64 * 1024 });
    const type = String(req.headers["content-type"] ?? "");
    return finish(
      await handleFaultApi(method, url.pathname, type, body, faults).catch((e) => errorReply(e, "api")),
    );
  }
  const target = route(method, url, ctx);
  if (!target) return finish(failure(new CfError(405, 10405, "Method not allowed")));
  const fault = faults.take(target.endpoint);
  const input: Incoming = { req, url, fault };
  if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
  const forced = fault && faultReply(fault);
  const dropping = fault?.kind === "drop";
  if (dropping && method !== "GET" && method !== "HEAD" && method !== "DELETE") {
    input.onChunk = () => req.socket.destroy();
  }
  let reply = forced ?? (await target.handler(input).catch((e) => errorReply(e, target.endpoint)));
  // The work is done (an upload is stored); only the answer is lost, as when a connection dies on the way back.
  if (fault?.kind === "lose_response") {
    req.socket.destroy();
    return;
  }
  if (target.endpoint === "upload") reply = { ...reply, headers: { ...reply.headers, ...CORS } };
  finish(reply, dropping);
}
