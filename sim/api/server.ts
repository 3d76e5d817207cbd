// One simulated cluster's API server over HTTPS: bearer-token auth, RBAC-style 403s, list/get
// with selectors and pagination, watch streams, PATCH (strategic/merge/JSON), PUT, dryRun and
// resourceVersion conflicts — the subset Driftwatch and kubectl use.
import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { API_GROUPS, API_VERSIONS, RESOURCES, PATCHABLE, VERSION, resourceList, groupOf, type ResourceInfo } from "./resources";
import { ObjectStore, StoreError, type K8sObject } from "./store";
import { jsonPatch, mergePatch, strategicMergePatch, PatchError } from "./patch";
import { parseLabelSelector, matchesFieldSelector, matchesLabelSelector } from "./selectors";
import { toTable, wantsTable } from "./table";

export type ApiServerOptions = { name: string; store: ObjectStore; token: string; forbidden?: string[]; tls: { key: string; cert: string }; host?: string; port?: number };
export type ApiServer = { url: string; stop(): Promise<void>; setDown(down: boolean): void };

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
};

export function status(res: ServerResponse, code: number, reason: string, message: string, details?: object) {
  send(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(details ? { details } : {}) });
}

type Route = { info: ResourceInfo; namespace?: string; name?: string };

/** /api/v1[/namespaces/NS]/RESOURCE[/NAME] and /apis/apps/v1/… → the resource addressed. */
function route(path: string): Route | undefined {
  const group = path.startsWith("/apis/apps/v1/") ? "apps" : path.startsWith("/api/v1/") ? "" : undefined;
  if (group === undefined) return undefined;
  const parts = path.slice(group ? "/apis/apps/v1/".length : "/api/v1/".length).split("/").map(decodeURIComponent);
  let namespace: string | undefined;
  if (parts[0] === "namespaces" && parts.length >= 3) {
    namespace = parts[1];
    parts.splice(0, 2);
  }
  if (parts.length > 2) return undefined;
  const info = RESOURCES.find((r) => r.name === parts[0] && r.group === group);
  return info ? { info, namespace, name: parts[1] } : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const listKind = (info: ResourceInfo) => `${info.kind}List`;
const apiVersion = (info: ResourceInfo) => (info.group ? `${info.group}/v1` : "v1");
const decorate = (info: ResourceInfo, o: K8sObject): K8sObject => ({ ...o, kind: info.kind, apiVersion: apiVersion(info) });

export async function startClusterApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const forbidden = new Set(o.forbidden ?? []);
  let down = false;
  const sockets = new Set<Socket>();
  const server = createServer({ key: o.tls.key, cert: o.tls.cert }, (req, res) => {
    handle(req, res).catch((e) => {
      if (e instanceof StoreError) status(res, e.status, e.reason, e.message);
      else if (e instanceof PatchError) status(res, 422, "Invalid", e.message);
      else if (!res.headersSent) status(res, 500, "InternalError", e instanceof Error ? e.message : String(e));
    });
  });
  server.on("connection", (s: Socket) => {
    if (down) return void s.destroy();
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s) => {
    if (down) s.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "https://sim");
    const path = url.pathname.replace(/\/$/, "") || "/";
    if (path === "/healthz" || path === "/readyz" || path === "/livez") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (req.headers.authorization !== `Bearer ${o.token}`) return status(res, 401, "Unauthorized", "Unauthorized");
    if (path === "/version") return send(res, 200, VERSION);
    if (path === "/api") return send(res, 200, API_VERSIONS);
    if (path === "/apis") return send(res, 200, API_GROUPS);
    if (path === "/api/v1") return send(res, 200, resourceList(""));
    if (path === "/apis/apps/v1") return send(res, 200, resourceList("apps"));
    const r = route(path);
    if (!r) return status(res, 404, "NotFound", `the server could not find the requested resource (${req.method} ${path})`);
    const { info } = r;
    if (forbidden.has(info.name)) {
      const verb = req.method === "GET" ? (r.name ? "get" : url.searchParams.get("watch") ? "watch" : "list") : req.method === "PATCH" ? "patch" : req.method === "PUT" ? "update" : "create";
      const scope = r.namespace ? `in the namespace "${r.namespace}"` : "at the cluster scope";
      const group = info.group ? `"${info.group}"` : '""';
      return status(res, 403, "Forbidden", `${info.name}${info.group ? `.${info.group}` : ""} is forbidden: User "system:serviceaccount:driftwatch:reader" cannot ${verb} resource "${info.name}" in API group ${group} ${scope}`, { kind: info.name, ...(info.group ? { group: info.group } : {}) });
    }
    const ns = info.namespaced ? r.namespace : undefined;
    if (req.method === "GET" && r.name) {
      const obj = o.store.get(info.name, ns, r.name);
      if (!obj) return status(res, 404, "NotFound", `${info.name}${info.group ? `.${info.group}` : ""} "${r.name}" not found`, { name: r.name, kind: info.name });
      if (wantsTable(req.headers.accept)) return send(res, 200, toTable(info, [decorate(info, obj)], { resourceVersion: obj.metadata.resourceVersion ?? "" }, url.searchParams.get("includeObject")));
      return send(res, 200, decorate(info, obj));
    }
    if (req.method === "GET" && (url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1")) return watch(info, ns, url, res, req);
    if (req.method === "GET") return list(info, ns, url, res, wantsTable(req.headers.accept));
    if ((req.method === "PATCH" || req.method === "PUT") && r.name && PATCHABLE.has(info.name)) return write(info, ns, r.name, req, url, res);
    return status(res, 405, "MethodNotAllowed", `${req.method} is not supported on ${info.name}`);
  }

  function list(info: ResourceInfo, ns: string | undefined, url: URL, res: ServerResponse, asTable: boolean) {
    const labelSelector = url.searchParams.get("labelSelector") ?? undefined;
    if (labelSelector) {
      try {
        parseLabelSelector(labelSelector);
      } catch (e) {
        return status(res, 400, "BadRequest", (e as Error).message);
      }
    }
    const all = o.store.list(info.name, { namespace: ns, labelSelector, fieldSelector: url.searchParams.get("fieldSelector") ?? undefined });
    const limit = Number(url.searchParams.get("limit") ?? 0);
    let offset = 0;
    const cont = url.searchParams.get("continue");
    if (cont) {
      try {
        offset = (JSON.parse(Buffer.from(cont, "base64url").toString()) as { o: number }).o;
        if (!Number.isInteger(offset) || offset < 0) throw new Error();
      } catch {
        return status(res, 400, "BadRequest", `invalid continue token "${cont}"`);
      }
    }
    const items = limit > 0 ? all.items.slice(offset, offset + limit) : all.items.slice(offset);
    const next = limit > 0 && offset + limit < all.items.length ? Buffer.from(JSON.stringify({ o: offset + limit, rv: all.resourceVersion })).toString("base64url") : undefined;
    const metadata = { resourceVersion: all.resourceVersion, ...(next ? { continue: next, remainingItemCount: all.items.length - offset - limit } : {}) };
    if (asTable) return send(res, 200, toTable(info, items.map((i) => decorate(info, i)), metadata, url.searchParams.get("includeObject")));
    send(res, 200, { kind: listKind(info), apiVersion: apiVersion(info), metadata, items: items.map((i) => decorate(info, i)) });
  }

  function watch(info: ResourceInfo, ns: string | undefined, url: URL, res: ServerResponse, req: IncomingMessage) {
    const labelSelector = url.searchParams.get("labelSelector") ?? undefined;
    const fieldSelector = url.searchParams.get("fieldSelector") ?? undefined;
    const since = Number(url.searchParams.get("resourceVersion") ?? 0);
    const matches = (obj: K8sObject) =>
      (!ns || obj.metadata.namespace === ns) &&
      (!labelSelector || matchesLabelSelector(obj.metadata.labels ?? {}, labelSelector)) &&
      (!fieldSelector || matchesFieldSelector(obj, fieldSelector));
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders(); // clients wait for the headers before they consider the watch open
    const emit = (type: string, obj: K8sObject) => res.write(JSON.stringify({ type, object: decorate(info, obj) }) + "\n");
    if (!since) for (const obj of o.store.list(info.name, { namespace: ns, labelSelector, fieldSelector }).items) emit("ADDED", obj);
    const stop = o.store.watch(info.name, (ev) => {
      if (matches(ev.object) && Number(ev.object.metadata.resourceVersion) > since) emit(ev.type, ev.object);
    });
    const timeout = Number(url.searchParams.get("timeoutSeconds") ?? 1800);
    const timer = setTimeout(() => res.end(), timeout * 1000);
    const close = () => {
      stop();
      clearTimeout(timer);
    };
    req.on("close", close);
    res.on("close", close);
  }

  async function write(info: ResourceInfo, ns: string | undefined, name: string, req: IncomingMessage, url: URL, res: ServerResponse) {
    const current = o.store.get(info.name, ns, name);
    if (!current) return status(res, 404, "NotFound", `${info.name}${info.group ? `.${info.group}` : ""} "${name}" not found`, { name, kind: info.name });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return status(res, 400, "BadRequest", "the request body is not valid JSON");
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
    let next: K8sObject;
    if (req.method === "PUT") next = body as K8sObject;
    else if (type === "application/strategic-merge-patch+json") next = strategicMergePatch(current, body) as K8sObject;
    else if (type === "application/merge-patch+json") next = mergePatch(current, body) as K8sObject;
    else if (type === "application/json-patch+json") next = jsonPatch(current, body as never) as K8sObject;
    else return status(res, 415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
    if (next?.metadata?.name !== name) return status(res, 422, "Invalid", `${info.kind} "${name}" is invalid: metadata.name: Invalid value: the name of the object cannot change`);
    const expect = (body as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
    if (expect && expect !== current.metadata.resourceVersion) {
      return status(res, 409, "Conflict", `Operation cannot be fulfilled on ${info.name}${info.group ? `.${info.group}` : ""} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: info.name });
    }
    next = { ...next, metadata: { ...next.metadata, namespace: current.metadata.namespace } };
    if (url.searchParams.get("dryRun") === "All") {
      const gen = JSON.stringify(current.spec) !== JSON.stringify(next.spec) ? (current.metadata.generation ?? 1) + 1 : current.metadata.generation;
      return send(res, 200, decorate(info, { ...next, metadata: { ...next.metadata, generation: gen, resourceVersion: current.metadata.resourceVersion } }));
    }
    send(res, 200, decorate(info, o.store.update(info.name, next, {})));
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    setDown: (d) => {
      down = d;
      if (d) for (const s of sockets) s.destroy();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export { groupOf };
