// PATCH bodies the API server accepts: JSON merge (RFC 7386) and strategic merge here, JSON
// patch (RFC 6902) in json-patch.ts. Server-side apply is not simulated (415).
import { PatchError } from "./patch-error";
export { PatchError } from "./patch-error";
export { jsonPatch, type JsonPatchOp } from "./json-patch";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);


/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// Lists Kubernetes merges by a key (patchMergeKey in the API types) instead of replacing.
const MERGE_KEYS: Record<string, string> = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", env: "name", volumes: "name",
  volumeMounts: "mountPath", volumeDevices: "devicePath", ports: "containerPort", imagePullSecrets: "name",
  hostAliases: "ip", topologySpreadConstraints: "topologyKey", conditions: "type", ownerReferences: "uid",
  addresses: "type", resourceClaims: "name",
};

const stripDirectives = (v: Obj): Obj => Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith("$")));

/**
 * Strategic merge patch: a merge patch in which keyed lists merge element by element and the
 * `$patch`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…` and `$retainKeys` directives apply.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  if (patch.$patch === "replace") return stripDirectives(patch);
  if (patch.$patch === "delete") return undefined;
  if (patch.$patch !== undefined && patch.$patch !== "merge") throw new PatchError(`unknown patch type: ${String(patch.$patch)}`, 400);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const mergeKey = MERGE_KEYS[k];
    const merged = mergeKey && Array.isArray(v) && (Array.isArray(out[k]) || out[k] === undefined)
      ? mergeList((out[k] as unknown[] | undefined) ?? [], v, mergeKey)
      : strategicMergePatch(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  applyListDirectives(out, patch);
  return out;
}

function applyListDirectives(out: Obj, patch: Obj) {
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      if (!Array.isArray(v)) throw new PatchError(`${k} must be a list`, 400);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
    } else if (k.startsWith("$setElementOrder/")) {
      const field = k.slice("$setElementOrder/".length);
      if (!Array.isArray(v)) throw new PatchError(`${k} must be a list`, 400);
      if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], v, MERGE_KEYS[field]);
    } else if (k === "$retainKeys") {
      if (!Array.isArray(v)) throw new PatchError("$retainKeys must be a list", 400);
      for (const key of Object.keys(out)) if (!v.includes(key) && !(key in patch)) delete out[key];
    }
  }
}

/** Items named in `order` come first in that order; the rest keep their relative order. */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const id = (x: unknown) => (mergeKey && isObj(x) ? x[mergeKey] : x);
  const wanted = order.map(id);
  const rank = (x: unknown) => {
    const i = wanted.indexOf(id(x));
    return i === -1 ? wanted.length : i;
  };
  return list.map((x, i) => ({ x, i })).sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i).map((e) => e.x);
}

function mergeList(current: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  if (patch.some((p) => isObj(p) && p.$patch === "replace")) return patch.filter((p) => !(isObj(p) && p.$patch === "replace")).map((p) => (isObj(p) ? stripDirectives(p) : p));
  const out = [...current];
  for (const item of patch) {
    if (!isObj(item) || !(mergeKey in item)) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, 400);
    const idx = out.findIndex((x) => isObj(x) && x[mergeKey] === item[mergeKey]);
    if (item.$patch === "delete") {
      if (idx !== -1) out.splice(idx, 1);
    } else if (idx === -1) out.push(strategicMergePatch(undefined, item));
    else out[idx] = strategicMergePatch(out[idx], item);
  }
  return out;
}
