// A fault-injecting HTTP proxy in front of a real registry: 429 with Retry-After, 5xx, slow
// answers, a tampered body, or a HEAD without Docker-Content-Digest.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "none" }
  | { kind: "status"; status: number; retryAfter?: string; times: number }
  | { kind: "slow"; delayMs: number }
  | { kind: "tamper" }
  | { kind: "strip-digest" };

export async function startFaultProxy(target: string) {
  let fault: Fault = { kind: "none" };
  const seen: { method: string; url: string }[] = [];
  // How many requests were being answered at once, at most (per-host limits are checked with it).
  const load = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "" });
    load.now++;
    load.max = Math.max(load.max, load.now);
    // "finish" comes before the client can reuse the connection; "close" covers aborted answers.
    let done = false;
    const release = () => void (!done && ((done = true), load.now--));
    res.once("finish", release);
    res.once("close", release);
    const f = fault;
    if (f.kind === "status" && f.times > 0) {
      f.times--;
      res.writeHead(f.status, { "content-type": "application/json", ...(f.retryAfter ? { "retry-after": f.retryAfter } : {}) });
      res.end(JSON.stringify({ errors: [{ code: f.status === 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE", message: "injected" }] }));
      return;
    }
    const forward = () => {
      const up = httpRequest(`http://${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: target } }, (upRes) => {
        const headers = { ...upRes.headers };
        if (f.kind === "strip-digest" && req.method === "HEAD") delete headers["docker-content-digest"];
        if (f.kind === "tamper" && req.method === "GET" && req.url?.includes("/manifests/")) {
          const chunks: Buffer[] = [];
          upRes.on("data", (c) => chunks.push(c));
          upRes.on("end", () => {
            const body = Buffer.from(Buffer.concat(chunks).toString().replace('"schemaVersion":2', '"schemaVersion": 2'));
            headers["content-length"] = String(body.length);
            res.writeHead(upRes.statusCode ?? 502, headers).end(body);
          });
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, headers);
        upRes.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    };
    if (f.kind === "slow") setTimeout(forward, f.delayMs);
    else forward();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    setFault: (f: Fault) => void (fault = f),
    seen,
    maxConcurrent: () => load.max,
    resetLoad: () => void (load.max = load.now),
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
