// GET handlers: one object, a (paged) list, and watch streams — as JSON or as the server-side
// Table `kubectl get` asks for.
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLUSTER_SCOPED, type K8sObject, type ObjectStore, StoreError } from "./store";
import { HttpError, sendJson, statusBody } from "./http";
import { decodeContinue, encodeContinue } from "./pagination";
import { apiVersionOf, qualifiedName, type ResourceInfo } from "./resources";
import { compileFieldSelector, compileLabelSelector, SelectorError } from "./selectors";
import { toTable, wantsTable } from "./table";

export type ReadContext = { store: ObjectStore; info: ResourceInfo; namespace?: string; url: URL; req: IncomingMessage; res: ServerResponse };

const decorate = (info: ResourceInfo, o: K8sObject): K8sObject => ({ ...o, apiVersion: apiVersionOf(info), kind: info.kind });
const param = (url: URL, name: string) => url.searchParams.get(name) ?? undefined;

export function notFound(info: ResourceInfo, name: string): HttpError {
  return new HttpError(404, "NotFound", `${qualifiedName(info)} "${name}" not found`, { name, ...(info.group ? { group: info.group } : {}), kind: info.name });
}

export function getOne(c: ReadContext, name: string) {
  const obj = c.store.get(c.info.name, c.namespace, name);
  if (!obj) throw notFound(c.info, name);
  if (wantsTable(c.req.headers.accept)) return sendJson(c.res, 200, toTable(c.info, [decorate(c.info, obj)], { resourceVersion: obj.metadata.resourceVersion ?? "" }, param(c.url, "includeObject")));
  sendJson(c.res, 200, decorate(c.info, obj));
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, "BadRequest", `invalid limit "${raw}": must be a non-negative integer`);
  return n;
}

export function list(c: ReadContext) {
  const limit = parseLimit(param(c.url, "limit"));
  const token = param(c.url, "continue");
  const pos = token ? decodeContinue(token, c.store.resourceVersion()) : undefined;
  const r = c.store.list(c.info.name, {
    namespace: c.namespace, labelSelector: param(c.url, "labelSelector"), fieldSelector: param(c.url, "fieldSelector"),
    limit, after: pos ? { namespace: pos.namespace, name: pos.name } : undefined,
  });
  const rv = pos?.rv ?? r.resourceVersion;
  const metadata = { resourceVersion: rv, ...(r.next ? { continue: encodeContinue({ ...r.next, rv }), remainingItemCount: r.remaining } : {}) };
  const items = r.items.map((i) => decorate(c.info, i));
  if (wantsTable(c.req.headers.accept)) return sendJson(c.res, 200, toTable(c.info, items, metadata, param(c.url, "includeObject")));
  sendJson(c.res, 200, { kind: `${c.info.kind}List`, apiVersion: apiVersionOf(c.info), metadata, items });
}

type Matcher = (o: K8sObject) => boolean;

function matcher(c: ReadContext): Matcher {
  try {
    const ls = param(c.url, "labelSelector");
    const fs = param(c.url, "fieldSelector");
    const labels = ls ? compileLabelSelector(ls) : undefined;
    const fields = fs ? compileFieldSelector(fs, c.info.name) : undefined;
    return (o) => (!labels || labels(o.metadata.labels ?? {})) && (!fields || fields(o));
  } catch (e) {
    if (e instanceof SelectorError) throw new HttpError(400, "BadRequest", e.message);
    throw e;
  }
}

const keyOf = (o: K8sObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * A watch stream of newline-delimited `{"type","object"}` events. Objects that start or stop
 * matching the selectors arrive as ADDED/DELETED, as from a real API server.
 */
export function watch(c: ReadContext) {
  const { info, res, url, store } = c;
  const matches = matcher(c);
  const asTable = wantsTable(c.req.headers.accept);
  const rv = param(url, "resourceVersion");
  const initial = param(url, "sendInitialEvents") === "true";
  const replay = !initial && rv !== undefined && rv !== "" && rv !== "0";
  res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked", "cache-control": "no-cache, private" });
  res.flushHeaders(); // clients consider the watch open once the headers arrive
  const write = (type: string, obj: unknown) => {
    const object = asTable && type !== "ERROR" && type !== "BOOKMARK" ? toTable(info, [decorate(info, obj as K8sObject)], { resourceVersion: (obj as K8sObject).metadata.resourceVersion ?? "" }, param(url, "includeObject")) : obj;
    res.write(JSON.stringify({ type, object }) + "\n");
  };
  // Keys of the matching objects this client knows, to turn selector transitions into ADDED/DELETED.
  const known = new Set<string>();
  for (const o of store.peek(info.name, CLUSTER_SCOPED.has(info.name) ? undefined : c.namespace)) {
    if (!matches(o)) continue;
    known.add(keyOf(o));
    if (!replay) write("ADDED", decorate(info, structuredClone(o)));
  }
  if (initial) write("BOOKMARK", { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: store.resourceVersion(), annotations: { "k8s.io/initial-events-end": "true" } } });
  if (replay) known.clear(); // replayed events rebuild what the client knows
  const onEvent = (ev: { type: string; object: K8sObject }) => {
    const k = keyOf(ev.object);
    const isMatch = matches(ev.object);
    if (ev.type === "DELETED") {
      if (isMatch || known.has(k)) write("DELETED", decorate(info, ev.object));
      known.delete(k);
    } else if (isMatch) {
      write(known.has(k) || (replay && ev.type === "MODIFIED") ? "MODIFIED" : "ADDED", decorate(info, ev.object));
      known.add(k);
    } else if (known.has(k)) {
      write("DELETED", decorate(info, ev.object));
      known.delete(k);
    }
  };
  let stop = () => {};
  try {
    stop = store.watch(info.name, onEvent, { namespace: c.namespace, sinceResourceVersion: replay ? rv : undefined });
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    write("ERROR", statusBody(e.status, e.reason, e.message));
    return void res.end();
  }
  const seconds = Number(param(url, "timeoutSeconds") ?? 1800);
  const timer = setTimeout(() => res.end(), (Number.isFinite(seconds) && seconds > 0 ? seconds : 1800) * 1000);
  const close = () => {
    stop();
    clearTimeout(timer);
  };
  c.req.on("close", close);
  res.on("close", close);
}
