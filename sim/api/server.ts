// One simulated cluster's API server over HTTPS: bearer-token auth, RBAC-style 403s, discovery,
// list/get/watch, PATCH/PUT (with dryRun and resourceVersion conflicts) and pod DELETE — the
// subset Driftwatch and kubectl use. Every error is a Kubernetes `Status`.
import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { API_GROUP_APPS, API_GROUPS, API_VERSIONS, DELETABLE, PATCHABLE, RESOURCES, VERSION, apiVersionOf, resourceList, type ResourceInfo } from "./resources";
import { StoreError, type ObjectStore } from "./store";
import { HttpError, readBody, sendJson, sendStatus } from "./http";
import { PatchError } from "./patch";
import { forbidden, verbOf } from "./rbac";
import { getOne, list, notFound, watch, type ReadContext } from "./read";
import { computeWrite } from "./write";

export type ApiServerOptions = { name: string; store: ObjectStore; token: string; forbidden?: string[]; tls: { key: string; cert: string }; host?: string; port?: number };
/** Writes the server accepted, by verb (dry runs apart): lets a test prove one PATCH per change. */
export type RequestCounts = { patch: number; dryRunPatch: number; put: number };
export type ApiServer = { url: string; stop(): Promise<void>; setDown(down: boolean): void; counts(): RequestCounts };

type Route = { info: ResourceInfo; namespace?: string; name?: string };

/** /api/v1[/namespaces/NS]/RESOURCE[/NAME] and /apis/apps/v1/… → the resource addressed. */
export function parseResourcePath(path: string): Route | undefined {
  const prefix = path.startsWith("/apis/apps/v1/") ? "/apis/apps/v1/" : path.startsWith("/api/v1/") ? "/api/v1/" : undefined;
  if (!prefix) return undefined;
  const group = prefix === "/api/v1/" ? "" : "apps";
  let parts: string[];
  try {
    parts = path.slice(prefix.length).split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
  let namespace: string | undefined;
  if (parts[0] === "namespaces" && parts.length >= 3) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  if (parts.length > 2 || parts.some((p) => p === "")) return undefined;
  const info = RESOURCES.find((r) => r.name === parts[0] && r.group === group);
  if (!info || (namespace !== undefined && !info.namespaced)) return undefined;
  return { info, namespace, name: parts[1] };
}

const DISCOVERY: Record<string, unknown> = {
  "/version": VERSION, "/api": API_VERSIONS, "/apis": API_GROUPS, "/api/v1": resourceList(""), "/apis/apps": API_GROUP_APPS, "/apis/apps/v1": resourceList("apps"),
};

export async function startClusterApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const denied = new Set(o.forbidden ?? []);
  let down = false;
  const counts: RequestCounts = { patch: 0, dryRunPatch: 0, put: 0 };
  const sockets = new Set<Socket>();
  const server = createServer({ key: o.tls.key, cert: o.tls.cert }, (req, res) => {
    handle(req, res).catch((e: unknown) => fail(res, e));
  });
  server.on("connection", (s: Socket) => {
    if (down) return void s.destroy();
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "https://sim.invalid");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
    if (path === "/healthz" || path === "/readyz" || path === "/livez") return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok");
    if (req.headers.authorization !== `Bearer ${o.token}`) return sendStatus(res, 401, "Unauthorized", "Unauthorized");
    const doc = DISCOVERY[path];
    if (doc && req.method === "GET") return sendJson(res, 200, doc);
    const r = parseResourcePath(path);
    if (!r) return sendStatus(res, 404, "NotFound", "the server could not find the requested resource");
    const isWatch = url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
    const ns = r.info.namespaced ? r.namespace : undefined;
    // "deployments" denies every verb on the resource; "patch deployments" only that verb.
    const verb = verbOf(req.method ?? "GET", !!r.name, isWatch);
    if (denied.has(r.info.name) || denied.has(`${verb} ${r.info.name}`)) throw forbidden(r.info, verb, ns, r.name);
    const ctx: ReadContext = { store: o.store, info: r.info, namespace: ns, url, req, res };
    if (req.method === "GET" && isWatch) return watch(r.name ? withNameSelector(ctx, r.name) : ctx);
    if (req.method === "GET") return r.name ? getOne(ctx, r.name) : list(ctx);
    if (r.name && (req.method === "PATCH" || req.method === "PUT") && PATCHABLE.has(r.info.name)) return write(ctx, r.name, req.method);
    if (r.name && req.method === "DELETE" && DELETABLE.has(r.info.name)) return remove(ctx, r.name);
    sendStatus(res, 405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
  }

  async function write(c: ReadContext, name: string, method: "PATCH" | "PUT") {
    const body = await readBody(c.req);
    const current = o.store.get(c.info.name, c.namespace, name);
    if (!current) throw notFound(c.info, name);
    const next = computeWrite({ info: c.info, method, contentType: c.req.headers["content-type"], body, current, fieldManager: c.url.searchParams.get("fieldManager") ?? undefined });
    const dryRun = isDryRun(c.url);
    if (method === "PUT") counts.put++;
    else if (dryRun) counts.dryRunPatch++;
    else counts.patch++;
    if (dryRun) return sendJson(c.res, 200, next);
    const stored = o.store.update(c.info.name, next, { expectResourceVersion: current.metadata.resourceVersion });
    sendJson(c.res, 200, { ...stored, apiVersion: apiVersionOf(c.info), kind: c.info.kind });
  }

  function remove(c: ReadContext, name: string) {
    const current = o.store.get(c.info.name, c.namespace, name);
    if (!current) throw notFound(c.info, name);
    if (isDryRun(c.url)) return sendJson(c.res, 200, current);
    const gone = o.store.delete(c.info.name, c.namespace, name);
    sendJson(c.res, 200, { ...gone, apiVersion: apiVersionOf(c.info), kind: c.info.kind });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host && o.host !== "0.0.0.0" ? o.host : "127.0.0.1";
  // A dead cluster refuses connections (clients fail fast, as with a real outage), so going down
  // stops listening; coming back listens again on the same port.
  server.on("error", (e) => {
    if (!down) console.error(`simulated cluster ${o.name}: ${e.message}`);
  });
  return {
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    counts: () => ({ ...counts }),
    setDown: (d) => {
      if (d === down) return;
      down = d;
      if (d) {
        server.close();
        for (const s of sockets) s.destroy();
      } else server.listen(port, o.host ?? "127.0.0.1");
    },
    stop: () =>
      new Promise<void>((resolve) => {
        down = true;
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** `dryRun=All` (the only value Kubernetes defines) computes the result without storing it. */
function isDryRun(url: URL): boolean {
  const v = url.searchParams.getAll("dryRun");
  if (v.some((x) => x !== "All")) throw new HttpError(400, "BadRequest", `dryRun: Unsupported value: "${v.find((x) => x !== "All")}": supported values: "All"`);
  return v.length > 0;
}

/** The legacy `GET …/NAME?watch=true` form watches one object. */
function withNameSelector(c: ReadContext, name: string): ReadContext {
  const url = new URL(c.url);
  const fs = url.searchParams.get("fieldSelector");
  url.searchParams.set("fieldSelector", fs ? `${fs},metadata.name=${name}` : `metadata.name=${name}`);
  return { ...c, url };
}

function fail(res: ServerResponse, e: unknown) {
  if (res.headersSent) return void res.destroy();
  if (e instanceof HttpError) return sendStatus(res, e.status, e.reason, e.message, e.details);
  if (e instanceof StoreError) return sendStatus(res, e.status, e.reason, e.message);
  if (e instanceof PatchError) return sendStatus(res, e.status, e.status === 400 ? "BadRequest" : "Invalid", e.message);
  sendStatus(res, 500, "InternalError", `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
}
