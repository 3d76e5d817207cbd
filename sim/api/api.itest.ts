// Debian's kubectl and @kubernetes/client-node, unchanged, against one simulated API server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { ObjectStore } from "./store";
import { startClusterApiServer, type ApiServer } from "./server";
import { generateClusterTls } from "./tls";
import { kubeconfigFor } from "./kubeconfig";
import { fakeDeploymentController, FIXTURE_IMAGE, populateFixtureCluster } from "./fixtures";

const run = promisify(execFile);
const TOKEN = "sim-token-0123456789";

describe("kubectl against the simulated API server", () => {
  let dir: string;
  let store: ObjectStore;
  let server: ApiServer;
  let locked: ApiServer;
  let tls: { caCert: string; cert: string; key: string };
  let stopController: () => void;
  const kubeconfigPath = () => path.join(dir, "kubeconfig");
  const kubectl = async (...args: string[]) =>
    (await run("/usr/bin/kubectl", ["--kubeconfig", kubeconfigPath(), "--cache-dir", path.join(dir, "cache"), ...args], { timeout: 30_000 })).stdout;
  const deployImage = () => ((store.get("deployments", "shop", "api")!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-api-"));
    tls = await generateClusterTls("test");
    store = new ObjectStore();
    populateFixtureCluster(store);
    stopController = fakeDeploymentController(store);
    server = await startClusterApiServer({ name: "test", store, token: TOKEN, tls });
    locked = await startClusterApiServer({ name: "locked", store, token: TOKEN, tls, forbidden: ["deployments", "replicasets"] });
    writeFileSync(kubeconfigPath(), kubeconfigFor([
      { name: "test", url: server.url, caCert: tls.caCert, token: TOKEN },
      { name: "wrong-token", url: server.url, caCert: tls.caCert, token: "not-the-token" },
      { name: "locked", url: locked.url, caCert: tls.caCert, token: TOKEN },
    ], "test"));
  });
  afterAll(async () => {
    stopController?.();
    await server?.stop();
    await locked?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("get nodes -o wide prints the server-side columns", async () => {
    const out = await kubectl("get", "nodes", "-o", "wide");
    expect(out.split("\n")[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE/);
    expect(out).toMatch(/node-a\s+Ready\s+worker\s+\S+\s+v1\.31\.4\s+10\.0\.0\.2/);
    expect(out).toMatch(/node-b\s+Ready/);
    const arches = JSON.parse(await kubectl("get", "nodes", "-o", "json")).items.map((n: { status: { nodeInfo: { architecture: string } } }) => n.status.nodeInfo.architecture);
    expect(arches).toEqual(["amd64", "arm64"]);
  });

  it("get pods -A -o wide lists every pod with its node", async () => {
    const out = await kubectl("get", "pods", "-A", "-o", "wide");
    expect(out.split("\n")[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(out).toMatch(/shop\s+api-7c6d5e4f3-p0\s+1\/1\s+Running\s+0\s+\S+\s+10\.1\.0\.10\s+node-a/);
    expect(out).toMatch(/shop\s+api-7c6d5e4f3-p2\s+1\/1\s+Running\s+0\s+\S+\s+10\.1\.0\.12\s+node-b/);
  });

  it("get pods --chunk-size=2 pages through every pod", async () => {
    for (let i = 0; i < 4; i++) store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: `extra-${i}`, namespace: "shop" }, spec: { containers: [{ name: "c", image: "x:1" }] } });
    try {
      const out = await kubectl("get", "pods", "-n", "shop", "--chunk-size=2", "--no-headers", "-o", "custom-columns=NAME:.metadata.name");
      expect(out.trim().split("\n")).toEqual(["api-7c6d5e4f3-p0", "api-7c6d5e4f3-p1", "api-7c6d5e4f3-p2", "extra-0", "extra-1", "extra-2", "extra-3"]);
    } finally {
      for (let i = 0; i < 4; i++) store.delete("pods", "shop", `extra-${i}`);
    }
  });

  it("get deploy -o json returns the stored object", async () => {
    const d = JSON.parse(await kubectl("get", "deploy", "-n", "shop", "api", "-o", "json"));
    expect(d).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", namespace: "shop", uid: store.get("deployments", "shop", "api")!.metadata.uid }, spec: { replicas: 3 } });
  });

  it("set image --dry-run=server changes nothing; set image patches, and rollout status follows it", async () => {
    const target = `registry.example/team/api@sha256:${"e".repeat(64)}`;
    const rvBefore = store.get("deployments", "shop", "api")!.metadata.resourceVersion;
    expect(await kubectl("set", "image", "-n", "shop", "deploy/api", `app=${target}`, "--dry-run=server")).toMatch(/deployment.apps\/api image updated \(server dry run\)/);
    expect(deployImage()).toBe(FIXTURE_IMAGE);
    expect(store.get("deployments", "shop", "api")!.metadata.resourceVersion).toBe(rvBefore);

    expect(await kubectl("set", "image", "-n", "shop", "deploy/api", `app=${target}`)).toMatch(/deployment.apps\/api image updated/);
    expect(deployImage()).toBe(target);
    expect(store.get("deployments", "shop", "api")!.metadata.generation).toBe(2);
    const status = await kubectl("rollout", "status", "-n", "shop", "deploy/api", "--timeout=20s");
    expect(status).toMatch(/deployment "api" successfully rolled out/);
    expect(store.get("deployments", "shop", "api")!.status).toMatchObject({ observedGeneration: 2, updatedReplicas: 3 });
  });

  it("rollout history lists the ReplicaSet revisions", async () => {
    const out = await kubectl("rollout", "history", "-n", "shop", "deploy/api");
    expect(out).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  });

  it("a wrong token is Unauthorized", async () => {
    await expect(kubectl("--context", "wrong-token", "get", "pods", "-A")).rejects.toMatchObject({ stderr: expect.stringMatching(/You must be logged in to the server \(Unauthorized\)/) });
  });

  it("a forbidden resource prints the RBAC message; allowed ones still work", async () => {
    await expect(kubectl("--context", "locked", "get", "deploy", "-A")).rejects.toMatchObject({
      stderr: expect.stringContaining('deployments.apps is forbidden: User "system:serviceaccount:driftwatch:reader" cannot list resource "deployments" in API group "apps" at the cluster scope'),
    });
    await expect(kubectl("--context", "locked", "get", "rs", "-n", "shop", "api-7c6d5e4f3")).rejects.toMatchObject({
      stderr: expect.stringContaining('replicasets.apps "api-7c6d5e4f3" is forbidden: User "system:serviceaccount:driftwatch:reader" cannot get resource "replicasets" in API group "apps" in the namespace "shop"'),
    });
    expect(await kubectl("--context", "locked", "get", "pods", "-n", "shop", "--no-headers")).toMatch(/api-7c6d5e4f3-p0/);
  });

  it("a cluster set down refuses connections until it is back", async () => {
    server.setDown(true);
    try {
      await expect(kubectl("get", "nodes", "--request-timeout=5s")).rejects.toMatchObject({ stderr: expect.stringMatching(/connection to the server 127.0.0.1:\d+ was refused/) });
    } finally {
      server.setDown(false);
    }
    expect(await kubectl("get", "nodes", "--no-headers")).toMatch(/node-a/);
  });

  it("@kubernetes/client-node pages pods over HTTPS with the CA and token", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath());
    const api = kc.makeApiClient(CoreV1Api);
    const first = await api.listPodForAllNamespaces({ limit: 2 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual(["api-7c6d5e4f3-p0", "api-7c6d5e4f3-p1"]);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const rest = await api.listPodForAllNamespaces({ limit: 2, _continue: first.metadata!._continue });
    expect(rest.items.map((p) => p.metadata?.name)).toEqual(["api-7c6d5e4f3-p2"]);
    expect(rest.metadata?._continue).toBeUndefined();
    await expect(api.listPodForAllNamespaces({ limit: 2, _continue: "not-a-token" })).rejects.toMatchObject({ code: 400 });
  });

  it("answers raw requests with Status objects and streams watch events", async () => {
    const raw = (method: string, p: string, headers: Record<string, string> = {}, body?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(new URL(p, server.url), { method, ca: tls.caCert, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on("error", reject);
        req.end(body);
      });
    expect(JSON.parse((await raw("GET", "/api/v1/pods", { authorization: "Bearer nope" })).body)).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    const missing = await raw("GET", "/apis/apps/v1/namespaces/shop/deployments/nope");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ kind: "Status", reason: "NotFound", message: 'deployments.apps "nope" not found', code: 404 });
    const apply = await raw("PATCH", "/apis/apps/v1/namespaces/shop/deployments/api", { "content-type": "application/apply-patch+yaml" }, "spec: {}");
    expect(JSON.parse(apply.body)).toMatchObject({ kind: "Status", code: 415, reason: "UnsupportedMediaType" });
    const stale = await raw("PATCH", "/apis/apps/v1/namespaces/shop/deployments/api", { "content-type": "application/merge-patch+json" }, JSON.stringify({ metadata: { resourceVersion: "1", annotations: { a: "b" } } }));
    expect(JSON.parse(stale.body)).toMatchObject({ kind: "Status", code: 409, reason: "Conflict" });

    const rv = store.resourceVersion();
    const watching = raw("GET", `/api/v1/namespaces/shop/pods?watch=1&fieldSelector=metadata.name%3Dapi-7c6d5e4f3-p1&resourceVersion=${rv}&timeoutSeconds=1`);
    // Changes made before the stream opens still arrive: the watch resumes from `rv`.
    const p1 = store.get("pods", "shop", "api-7c6d5e4f3-p1")!;
    store.update("pods", { ...p1, metadata: { ...p1.metadata, labels: { ...p1.metadata.labels, touched: "yes" } } });
    const p0 = store.get("pods", "shop", "api-7c6d5e4f3-p0")!;
    store.update("pods", { ...p0, metadata: { ...p0.metadata, labels: { ...p0.metadata.labels, touched: "yes" } } });
    const events = (await watching).body.trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { kind: string; metadata: { name: string } } });
    expect(events.map((e) => [e.type, e.object.kind, e.object.metadata.name])).toEqual([["MODIFIED", "Pod", "api-7c6d5e4f3-p1"]]);
  });
});
