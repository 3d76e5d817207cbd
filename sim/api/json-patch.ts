// RFC 6902 JSON patch, including `test` (how clients guard a change on a field's old value).
import { PatchError } from "./patch-error";
import { deepEqual } from "./deep-equal";

export type JsonPatchOp = { op: string; path: string; value?: unknown; from?: string };
type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`invalid JSON pointer "${path}"`, 400);
  return path.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(arr: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === "-") return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`invalid array index "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new PatchError(`array index ${i} out of bounds`);
  return i;
}

function child(cur: unknown, token: string, path: string): unknown {
  if (Array.isArray(cur)) return cur[arrayIndex(cur, token, false)];
  if (isContainer(cur) && Object.hasOwn(cur, token)) return (cur as Record<string, unknown>)[token];
  throw new PatchError(`doc is missing path: "${path}"`);
}

function resolve(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of pointer(path)) cur = child(cur, t, path);
  return cur;
}

function parentOf(doc: unknown, path: string): { parent: Container; last: string } {
  const parts = pointer(path);
  if (parts.length === 0) throw new PatchError("the root of the document cannot be patched in place");
  let cur = doc;
  for (const t of parts.slice(0, -1)) cur = child(cur, t, path);
  if (!isContainer(cur)) throw new PatchError(`doc is missing path: "${path}"`);
  return { parent: cur, last: parts[parts.length - 1]! };
}

function remove(doc: unknown, path: string): unknown {
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0];
  if (!Object.hasOwn(parent, last)) throw new PatchError(`unable to remove nonexistent key: ${last}: missing value`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean) {
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    if (replace) parent[arrayIndex(parent, last, false)] = value;
    else parent.splice(arrayIndex(parent, last, true), 0, value);
    return;
  }
  if (replace && !Object.hasOwn(parent, last)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  parent[last] = value;
}

/** Applies `ops` to a copy of `target`; throws PatchError (422) when an operation does not apply. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("json patch must be a list of operations", 400);
  const doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    if (typeof raw?.path !== "string") throw new PatchError("operation is missing a path", 400);
    const needsValue = raw.op === "add" || raw.op === "replace" || raw.op === "test";
    if (needsValue && !("value" in raw)) throw new PatchError(`${raw.op} operation has no value`, 400);
    if (raw.op === "add") add(doc, raw.path, structuredClone(raw.value), false);
    else if (raw.op === "replace") add(doc, raw.path, structuredClone(raw.value), true);
    else if (raw.op === "remove") remove(doc, raw.path);
    else if (raw.op === "move") add(doc, raw.path, remove(doc, raw.from ?? ""), false);
    else if (raw.op === "copy") add(doc, raw.path, structuredClone(resolve(doc, raw.from ?? "")), false);
    else if (raw.op === "test") {
      if (!deepEqual(resolve(doc, raw.path), raw.value)) throw new PatchError(`testing value ${raw.path} failed: test failed`);
    } else throw new PatchError(`Unexpected kind: ${String(raw.op)}`, 400);
  }
  return doc;
}
