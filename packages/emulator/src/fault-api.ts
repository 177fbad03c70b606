import { parseJsonObject } from "./body";
import { CfError } from "./errors";
import type { FaultInput, Faults } from "./faults";
import { ok, type Reply } from "./reply";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The path of the fault-injection API. */
export const FAULTS_PATH = "/__darkroom/faults";

/**
 * `GET /__darkroom/faults` lists, `POST` adds one fault (JSON object) or several (`{ "faults": [...] }`),
 * `DELETE` clears all, `DELETE /__darkroom/faults/:id` removes one. Answers use the v4 envelope and carry no
 * CORS headers.
 */
export async function handleFaultApi(
  method: string,
  pathname: string,
  contentType: string,
  body: () => Promise<Buffer>,
  faults: Faults,
): Promise<Reply> {
  const id = pathname.slice(FAULTS_PATH.length + 1);
  if (id) {
    if (method !== "DELETE") throw new CfError(405, 10405, "Method not allowed");
    if (!faults.remove(decodeURIComponent(id))) throw new CfError(404, 5404, "Fault not found");
    return ok({ faults: faults.list() });
  }
  if (method === "GET") return ok({ faults: faults.list() });
  if (method === "DELETE") {
    faults.clear();
    return ok({ faults: [] });
  }
  if (method !== "POST") throw new CfError(405, 10405, "Method not allowed");
  // A cross-origin page can POST text/plain, form-encoded or multipart bodies without a preflight; a JSON
  // content type cannot be sent that way, so requiring it keeps other origins out.
  if (!JSON_TYPE.test(contentType)) {
    throw new CfError(415, 5415, "The faults API takes a JSON body (Content-Type: application/json)");
  }
  const json = parseJsonObject(await body());
  const inputs = (Array.isArray(json.faults) ? json.faults : [json]) as FaultInput[];
  const added = inputs.map((input) => faults.add(input));
  return ok({ added, faults: faults.list() });
}
