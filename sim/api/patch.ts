// The three PATCH flavours the API server accepts (server-side apply is not simulated).
type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// Lists Kubernetes merges by a key instead of replacing (the ones clients patch in practice).
const MERGE_KEYS: Record<string, string> = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", env: "name", volumes: "name",
  volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name", tolerations: "key",
};

/** Strategic merge patch: like merge patch, but keyed lists merge element by element. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$setElementOrder/") || k === "$retainKeys") continue; // ordering hints
    if (k === "$patch") continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const mergeKey = MERGE_KEYS[k];
    if (mergeKey && Array.isArray(v) && (Array.isArray(out[k]) || out[k] === undefined)) {
      out[k] = mergeList((out[k] as Obj[] | undefined) ?? [], v as Obj[], mergeKey);
    } else {
      out[k] = isObj(v) && v.$patch === "replace" ? stripDirectives(v) : strategicMergePatch(out[k], v);
    }
  }
  return out;
}

function stripDirectives(v: Obj): Obj {
  const { $patch: _, ...rest } = v;
  return rest;
}

function mergeList(current: Obj[], patch: Obj[], mergeKey: string): Obj[] {
  const out = current.map((x) => ({ ...x }));
  for (const item of patch) {
    const idx = out.findIndex((x) => x[mergeKey] === item[mergeKey]);
    if (item.$patch === "delete") {
      if (idx !== -1) out.splice(idx, 1);
    } else if (idx === -1) out.push(stripDirectives(item));
    else out[idx] = strategicMergePatch(out[idx], item) as Obj;
  }
  return out;
}

export class PatchError extends Error {}

type Op = { op: string; path: string; value?: Json; from?: string };

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: Json, parts: string[]): { parent: Obj | Json[]; last: string } {
  let cur: Json = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (cur === undefined) throw new PatchError(`path not found: /${parts.join("/")}`);
  }
  return { parent: cur as Obj | Json[], last: parts[parts.length - 1]! };
}

function getAt(doc: Json, path: string): Json {
  let cur = doc;
  for (const p of pointer(path)) cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
  return cur;
}

function removeAt(doc: Json, path: string): Json {
  const { parent, last } = parentOf(doc, pointer(path));
  if (Array.isArray(parent)) return parent.splice(Number(last), 1)[0];
  if (!(last in parent)) throw new PatchError(`path not found: ${path}`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean) {
  const { parent, last } = parentOf(doc, pointer(path));
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !(last in parent)) throw new PatchError(`path not found: ${path}`);
    parent[last] = value;
  }
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: Json, ops: Op[]): Json {
  const doc = structuredClone(target);
  for (const o of ops) {
    if (o.op === "add") addAt(doc, o.path, structuredClone(o.value), false);
    else if (o.op === "replace") addAt(doc, o.path, structuredClone(o.value), true);
    else if (o.op === "remove") removeAt(doc, o.path);
    else if (o.op === "move") addAt(doc, o.path, removeAt(doc, o.from ?? ""), false);
    else if (o.op === "copy") addAt(doc, o.path, structuredClone(getAt(doc, o.from ?? "")), false);
    else if (o.op === "test") {
      if (JSON.stringify(getAt(doc, o.path)) !== JSON.stringify(o.value)) throw new PatchError(`test operation failed at ${o.path}`);
    } else throw new PatchError(`unknown JSON patch operation "${o.op}"`);
  }
  return doc;
}
