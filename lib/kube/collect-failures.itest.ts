// Failures as data against real sockets: a cluster killed through the simulator's control
// endpoint, a server that never answers, a refused port, a certificate nobody vouches for,
// errors and garbage on single resources — each cluster's result independent of the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { startSimFleet, type SimFleetHandle } from "@/sim/index";
import { loadClusterSources, type ClusterSource } from "./clusters";
import { collectCluster } from "./collect";

const list = (items: unknown[] = []) => JSON.stringify({ kind: "List", apiVersion: "v1", metadata: { resourceVersion: "1" }, items });

/** A plain-HTTP API server on loopback answering from `route`; records requests that were cut off. */
async function fakeApiServer(route: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: string[] = [];
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    seen.push(new URL(req.url!, "http://x").pathname);
    res.on("close", () => {
      if (!res.writableEnded) aborted++;
    });
    route(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    source: sourceFor("fake", `http://127.0.0.1:${port}`, { skipTLSVerify: true }), // plain HTTP needs it
    seen,
    aborted: () => aborted,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function sourceFor(name: string, server: string, cluster: Record<string, unknown> = {}): ClusterSource {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server, skipTLSVerify: false, ...cluster }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name, cluster: name, user: "u" }],
    currentContext: name,
  });
  return { name, environment: null, server, kubeConfig };
}

describe("collectCluster failures", () => {
  let sim: SimFleetHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-collect-fail-"));
    sim = await startSimFleet({ outDir: dir });
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a cluster killed through the control endpoint fails alone, and comes back", async () => {
    const { clusters } = loadClusterSources({ kubeconfigPath: sim.kubeconfigPath });
    const collectAll = () => Promise.all(clusters.map((c) => collectCluster(c, { timeoutMs: 5000 })));
    const before = await collectAll();
    expect(before.map((o) => [o.cluster, o.status]).sort()).toEqual([["prod-eu", "ok"], ["prod-us", "ok"], ["staging", "ok"]]);
    const res = await fetch(`${sim.controlUrl}/clusters/prod-us/down`, { method: "POST" });
    expect(res.ok).toBe(true);
    const during = Object.fromEntries((await collectAll()).map((o) => [o.cluster, o]));
    expect(during["prod-us"]).toMatchObject({ status: "failed", error: { code: "UNREACHABLE", message: expect.stringContaining(`cluster prod-us (${during["prod-us"]!.server})`) }, workloads: [], nodes: [] });
    for (const name of ["staging", "prod-eu"]) {
      const was = before.find((o) => o.cluster === name)!;
      expect([during[name]!.status, during[name]!.workloads.length, during[name]!.nodes.length]).toEqual(["ok", was.workloads.length, was.nodes.length]);
    }
    await fetch(`${sim.controlUrl}/clusters/prod-us/up`, { method: "POST" });
    const after = await collectCluster(clusters.find((c) => c.name === "prod-us")!);
    expect([after.status, after.workloads.length]).toEqual(["ok", before.find((o) => o.cluster === "prod-us")!.workloads.length]);
  });

  it("a certificate the kubeconfig does not vouch for is UNREACHABLE with a TLS message", async () => {
    const prod = sim.clusters.find((c) => c.name === "prod-eu")!;
    const obs = await collectCluster(sourceFor("no-ca", prod.server));
    expect(obs).toMatchObject({ status: "failed", error: { code: "UNREACHABLE", message: expect.stringMatching(/no-ca.*TLS handshake failed/) } });
  });

  it("a server that never answers times out, and the requests are really aborted", async () => {
    const api = await fakeApiServer(() => {
      /* never answers */
    });
    try {
      const obs = await collectCluster(api.source, { timeoutMs: 300 });
      expect(obs).toMatchObject({ status: "failed", error: { code: "TIMEOUT", message: expect.stringMatching(/^cluster fake \(http:\/\/127\.0\.0\.1:\d+\): listing \S+: timed out: no answer within 300 ms/) } });
      await new Promise((r) => setTimeout(r, 50));
      expect(api.aborted()).toBeGreaterThan(0);
      expect(api.aborted()).toBe(api.seen.length);
    } finally {
      await api.stop();
    }
  });

  it("one list that times out after the server has answered others is a TIMEOUT gap, not a dead cluster", async () => {
    const api = await fakeApiServer((req, res) => {
      const p = new URL(req.url!, "http://x").pathname;
      if (p === "/api/v1/events") return; // never answers
      res.setHeader("content-type", "application/json");
      if (p === "/api/v1/nodes") return void res.end(list([{ metadata: { name: "n1" }, status: { nodeInfo: { architecture: "amd64", operatingSystem: "linux" } } }]));
      res.end(list());
    });
    try {
      const obs = await collectCluster(api.source, { timeoutMs: 300 });
      expect(obs).toMatchObject({ status: "partial", gaps: [{ resource: "events", code: "TIMEOUT", message: expect.stringMatching(/cluster fake .*listing events: timed out/) }] });
      expect(obs.gaps).toHaveLength(1);
      expect(obs.nodes.map((n) => n.name)).toEqual(["n1"]);
    } finally {
      await api.stop();
    }
  });

  it("a refused port is UNREACHABLE naming the cluster and server", async () => {
    const api = await fakeApiServer(() => {});
    const { source } = api;
    await api.stop();
    const obs = await collectCluster(source);
    expect(obs).toMatchObject({ status: "failed", error: { code: "UNREACHABLE", message: expect.stringMatching(/cluster fake .*ECONNREFUSED/) } });
  });

  it("a 500 and a garbled body on single resources are gaps; malformed objects are skipped; the rest is collected", async () => {
    const api = await fakeApiServer((req, res) => {
      const p = new URL(req.url!, "http://x").pathname;
      res.setHeader("content-type", "application/json");
      if (p === "/apis/apps/v1/controllerrevisions") return void res.writeHead(500).end(JSON.stringify({ kind: "Status", status: "Failure", message: "etcdserver: request timed out", code: 500 }));
      if (p === "/api/v1/events") return void res.end("{ this is not json");
      if (p === "/api/v1/nodes") return void res.end(list([{ metadata: { name: "n1", labels: { "kubernetes.io/arch": "amd64" } } }, { metadata: {} }]));
      res.end(list());
    });
    try {
      const obs = await collectCluster(api.source);
      expect(obs.status).toBe("partial");
      expect(obs.gaps.map((g) => [g.resource, g.code])).toEqual(expect.arrayContaining([["apps/v1/controllerrevisions", "ERROR"], ["events", "INVALID_RESPONSE"]]));
      expect(obs.gaps).toHaveLength(2);
      expect(obs.gaps.find((g) => g.code === "ERROR")!.message).toMatch(/HTTP 500: etcdserver: request timed out/);
      expect(obs.nodes.map((n) => n.name)).toEqual(["n1"]);
      expect(obs.skipped).toEqual([{ resource: "nodes", name: "(unnamed)", reason: expect.stringContaining("metadata.name") }]);
    } finally {
      await api.stop();
    }
  });
});
