// PATCH and PUT as the API server computes them: the would-be object from the current one and
// the request, with the checks a real server makes. Pure, so dry-run and storing share it.
import type { K8sObject } from "./store";
import { deepEqual } from "./deep-equal";
import { HttpError } from "./http";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch";
import { HAS_STATUS, apiVersionOf, qualifiedName, type ResourceInfo } from "./resources";

export type WriteRequest = {
  info: ResourceInfo; method: "PATCH" | "PUT"; contentType: string | undefined; body: string;
  current: K8sObject; fieldManager?: string; now?: Date;
};

const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new HttpError(400, "BadRequest", `error decoding patch: ${(e as Error).message}`);
  }
}

function applyBody(req: WriteRequest): unknown {
  const type = (req.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (req.method === "PUT") {
    if (type && type !== "application/json") throw new HttpError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
    return parseBody(req.body);
  }
  if (!PATCH_TYPES.includes(type)) {
    throw new HttpError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(", ")}`);
  }
  const body = parseBody(req.body);
  if (type === "application/json-patch+json") return jsonPatch(req.current, body);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "BadRequest", "error decoding patch: the patch must be a JSON object");
  return type === "application/merge-patch+json" ? mergePatch(req.current, body) : strategicMergePatch(req.current, body);
}

function invalid(req: WriteRequest, field: string, detail: string): HttpError {
  const name = req.current.metadata.name;
  return new HttpError(422, "Invalid", `${req.info.kind}${req.info.group ? `.${req.info.group}` : ""} "${name}" is invalid: ${field}: ${detail}`, { name, group: req.info.group || undefined, kind: req.info.kind });
}

/** Containers must keep a name and a non-empty image without whitespace. */
function validateContainers(req: WriteRequest, next: K8sObject) {
  const base = req.info.name === "pods" ? "spec" : "spec.template.spec";
  const podSpec = (req.info.name === "pods" ? next.spec : (next.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec) as { containers?: unknown } | undefined;
  if (!podSpec) return;
  if (!Array.isArray(podSpec.containers) || podSpec.containers.length === 0) throw invalid(req, `${base}.containers`, "Required value");
  podSpec.containers.forEach((c: { name?: unknown; image?: unknown }, i) => {
    if (typeof c?.name !== "string" || !c.name) throw invalid(req, `${base}.containers[${i}].name`, "Required value");
    if (typeof c.image !== "string" || !c.image.trim()) throw invalid(req, `${base}.containers[${i}].image`, "Required value");
    if (/\s/.test(c.image)) throw invalid(req, `${base}.containers[${i}].image`, `Invalid value: "${c.image}": must not have leading or trailing whitespace`);
  });
}

function recordManager(meta: K8sObject["metadata"], manager: string, apiVersion: string, now: Date) {
  const entries = (Array.isArray(meta.managedFields) ? meta.managedFields : []) as { manager?: string; operation?: string; subresource?: string }[];
  const rest = entries.filter((e) => !(e.manager === manager && e.operation === "Update" && !e.subresource));
  meta.managedFields = [...rest, { manager, operation: "Update", apiVersion, time: now.toISOString().replace(/\.\d+Z$/, "Z"), fieldsType: "FieldsV1", fieldsV1: {} }];
}

/** The object a PATCH/PUT would store; throws HttpError (or PatchError) like the API server. */
export function computeWrite(req: WriteRequest): K8sObject {
  const { current, info } = req;
  const next = applyBody(req) as K8sObject;
  if (typeof next !== "object" || next === null || Array.isArray(next) || typeof next.metadata !== "object" || next.metadata === null) {
    throw new HttpError(400, "BadRequest", "the object has no metadata");
  }
  const name = current.metadata.name;
  if (next.metadata.name !== name) throw new HttpError(400, "BadRequest", `the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`);
  if (next.metadata.namespace !== undefined && next.metadata.namespace !== current.metadata.namespace) {
    throw new HttpError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
  }
  if ((next.kind !== undefined && next.kind !== info.kind) || (next.apiVersion !== undefined && next.apiVersion !== apiVersionOf(info))) {
    throw new HttpError(400, "BadRequest", `the API version in the data (${String(next.apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`);
  }
  const rv = next.metadata.resourceVersion;
  if (rv !== undefined && rv !== "" && rv !== current.metadata.resourceVersion) {
    throw new HttpError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedName(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: info.group || undefined, kind: info.name });
  }
  if (next.metadata.uid !== undefined && next.metadata.uid !== current.metadata.uid) {
    throw new HttpError(409, "Conflict", `Precondition failed: UID in precondition: ${String(next.metadata.uid)}, UID in object meta: ${current.metadata.uid}`);
  }
  const out: K8sObject = { ...next, apiVersion: apiVersionOf(info), kind: info.kind };
  out.metadata = {
    ...next.metadata, namespace: current.metadata.namespace, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp,
    resourceVersion: current.metadata.resourceVersion, generation: current.metadata.generation,
  };
  if (out.metadata.namespace === undefined) delete out.metadata.namespace;
  if (HAS_STATUS.has(info.name)) {
    if (current.status === undefined) delete out.status;
    else out.status = current.status;
  }
  validateContainers(req, out);
  if (!deepEqual(current.spec, out.spec)) out.metadata.generation = (current.metadata.generation ?? 1) + 1;
  if (!deepEqual(current, out)) recordManager(out.metadata, req.fieldManager || "unknown", apiVersionOf(info), req.now ?? new Date());
  return out;
}
