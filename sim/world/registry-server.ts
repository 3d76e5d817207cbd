// The simulated registry over plain HTTP on loopback: the distribution API subset a resolver
// uses, with injectable faults (429 + Retry-After, 401, 503).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DOCKER_LIST, OCI_INDEX, type RegistryModel } from "./registry";

export type Fault = { status: 429 | 401 | 503; remaining?: number; until?: number; retryAfterSeconds?: number };

/** `port`: listen there when it is free (stable image references across restarts), else anywhere. */
export async function startRegistryServer(model: RegistryModel, opts: { port?: number } = {}) {
  let fault: Fault | undefined;
  let requests = 0;
  const activeFault = () => {
    if (!fault) return undefined;
    if (fault.until !== undefined && Date.now() > fault.until) return (fault = undefined);
    if (fault.remaining !== undefined && fault.remaining <= 0) return (fault = undefined);
    return fault;
  };
  const errors = (code: string, message: string) => JSON.stringify({ errors: [{ code, message }] });
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? "/", "http://sim");
    const f = activeFault();
    if (f) {
      if (f.remaining !== undefined) f.remaining--;
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
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    setFault: (f: Fault | undefined) => void (fault = f ? { ...f, ...(f.until === undefined && (f as { durationMs?: number }).durationMs ? { until: Date.now() + (f as { durationMs?: number }).durationMs! } : {}) } : undefined),
    currentFault: () => activeFault(),
    requests: () => requests,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
