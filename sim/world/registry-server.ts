// The simulated registry over plain HTTP on loopback: the distribution API subset a resolver
// uses, with injectable faults: 429 + Retry-After, 401, 503, a timeout (the request is accepted
// and never answered) and unreachable (the port is closed: connection refused).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { DOCKER_LIST, OCI_INDEX, type RegistryModel } from "./registry";

export const faultSchema = z
  .object({
    status: z.union([z.literal(429), z.literal(401), z.literal(503), z.literal("timeout"), z.literal("unreachable")]),
    /** Requests the fault still answers (then it ends); absent: every request until it ends. */
    count: z.number().int().min(1).optional(),
    /** How long the fault lasts from now. */
    durationMs: z.number().int().min(1).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** Whether the nodes' pulls meet the fault too (default); false: only API clients (Driftwatch) do. */
    pulls: z.boolean().optional(),
  })
  .strict()
  .refine((f) => !(f.status === "unreachable" && f.count !== undefined), { message: "an unreachable registry receives no requests to count: use durationMs" });

export type Fault = z.infer<typeof faultSchema> & { until?: number };

/** `port`: listen there when it is free (stable image references across restarts), else anywhere. */
export async function startRegistryServer(model: RegistryModel, opts: { port?: number } = {}) {
  let fault: Fault | undefined;
  let requests = 0;
  /** Requests a timeout fault swallowed: never answered, closed on stop. */
  const hung = new Set<ServerResponse>();
  let port = 0;
  let isListening = false;
  let reopen: NodeJS.Timeout | undefined;
  const activeFault = () => {
    if (!fault) return undefined;
    if (fault.until !== undefined && Date.now() > fault.until) return (fault = undefined);
    if (fault.count !== undefined && fault.count <= 0) return (fault = undefined);
    return fault;
  };
  const errors = (code: string, message: string) => JSON.stringify({ errors: [{ code, message }] });
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? "/", "http://sim");
    const f = activeFault();
    if (f) {
      if (f.count !== undefined) f.count--;
      if (f.status === "timeout" || f.status === "unreachable") return void hung.add(res.once("close", () => hung.delete(res)));
      if (f.status === 429) res.writeHead(429, { "content-type": "application/json", "retry-after": String(f.retryAfterSeconds ?? 30) }).end(errors("TOOMANYREQUESTS", "too many requests"));
      else if (f.status === 401) res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="driftwatch-sim"' }).end(errors("UNAUTHORIZED", "authentication required"));
      else res.writeHead(503, { "content-type": "text/plain" }).end("service unavailable");
      return;
    }
    if (url.pathname === "/v2/" || url.pathname === "/v2") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    const unauthorized = () =>
      void res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="driftwatch-sim"' }).end(req.method === "HEAD" ? undefined : errors("UNAUTHORIZED", "authentication required"));
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (tags) {
      const repo = tags[1]!;
      if (!model.mayRead(repo, req.headers.authorization)) return unauthorized();
      if (!model.hasRepo(repo)) return void res.writeHead(404, { "content-type": "application/json" }).end(errors("NAME_UNKNOWN", `repository name not known to registry: ${repo}`));
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: repo, tags: model.tagsOf(repo) }));
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!m || (req.method !== "GET" && req.method !== "HEAD")) return void res.writeHead(404, { "content-type": "application/json" }).end(errors("UNSUPPORTED", "not supported by the simulated registry"));
    const [, repo, ref] = m;
    if (!model.mayRead(repo!, req.headers.authorization)) return unauthorized();
    const c = model.lookup(repo!, decodeURIComponent(ref!));
    const accept = req.headers.accept ?? "";
    // Like distribution: an index is only served to clients that say they understand one.
    const acceptable = !c || !(c.mediaType === OCI_INDEX || c.mediaType === DOCKER_LIST) || accept.includes(c.mediaType);
    if (!c || !acceptable) {
      const body = errors("MANIFEST_UNKNOWN", `manifest unknown: ${repo}:${ref}`);
      return void res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(req.method === "HEAD" ? undefined : body);
    }
    res.writeHead(200, { "content-type": c.mediaType, "content-length": c.bytes.length, "docker-content-digest": c.digest, etag: `"${c.digest}"` });
    res.end(req.method === "HEAD" ? undefined : c.bytes);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => (server.off("error", reject), resolve()));
    });
  await (opts.port ? listen(opts.port).catch((e: NodeJS.ErrnoException) => (e.code === "EADDRINUSE" ? listen(0) : Promise.reject(e))) : listen(0));
  port = (server.address() as AddressInfo).port;
  isListening = true;
  /** Unreachable: stop listening (clients get ECONNREFUSED) and drop open connections. */
  const close = () =>
    new Promise<void>((r) => {
      if (!isListening) return r();
      isListening = false;
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  const open = async () => {
    if (reopen) clearTimeout(reopen);
    reopen = undefined;
    if (isListening) return;
    await listen(port);
    isListening = true;
  };
  return {
    host: `127.0.0.1:${port}`,
    /** Set (or clear, with undefined) the fault; the body of POST /registry/faults, validated. */
    setFault: async (input: unknown) => {
      const f = input === undefined ? undefined : faultSchema.parse(input);
      fault = f ? { ...f, ...(f.durationMs ? { until: Date.now() + f.durationMs } : {}) } : undefined;
      if (fault?.status === "unreachable") {
        await close();
        if (fault.until !== undefined) reopen = setTimeout(() => void open().then(() => void (fault = undefined)), fault.until - Date.now()).unref();
      } else await open();
    },
    currentFault: () => activeFault(),
    requests: () => requests,
    stop: async () => {
      if (reopen) clearTimeout(reopen);
      await close();
    },
  };
}
