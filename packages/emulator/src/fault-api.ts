import { parseJsonObject } from "./body";
import { CfError } from "./errors";
import type { FaultInput, Faults } from "./faults";
import { ok, type Reply } from "./reply";

/** The path of the fault-injection API. */
export const FAULTS_PATH = "/__darkroom/faults";

/**
 * `GET /__darkroom/faults` lists, `POST` adds one fault (JSON object) or several (`{ "faults": [...] }`),
 * `DELETE` clears all, `DELETE /__darkroom/faults/:id` removes one. Answers use the v4 envelope.
 */
export async function handleFaultApi(
  method: string,
  pathname: string,
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
  const json = parseJsonObject(await body());
  const inputs = (Array.isArray(json.faults) ? json.faults : [json]) as FaultInput[];
  const added = inputs.map((input) => faults.add(input));
  return ok({ added, faults: faults.list() });
}
