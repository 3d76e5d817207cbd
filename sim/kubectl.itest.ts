// Debian's kubectl, unchanged, against the simulated fleet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { startSimFleet, type SimFleetHandle } from "./index";

const run = promisify(execFile);

describe("kubectl against the simulated fleet", () => {
  let sim: SimFleetHandle;
  let dir: string;
  const kubectl = async (...args: string[]) => (await run("/usr/bin/kubectl", ["--kubeconfig", sim.kubeconfigPath, "--context", "prod-eu", ...args], { timeout: 60_000 })).stdout;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-kubectl-"));
    sim = await startSimFleet({ outDir: dir });
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("get nodes -o wide and get pods -A -o wide print the real columns", async () => {
    const nodes = await kubectl("get", "nodes", "-o", "wide");
    expect(nodes.split("\n")[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP/);
    expect(nodes).toMatch(/eu-node-5\s+Ready/);
    const pods = await kubectl("get", "pods", "-A", "-o", "wide");
    expect(pods).toMatch(/shop\s+search-\S+\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/);
    expect(pods).toMatch(/shop\s+checkout-\S+\s+1\/1\s+Running\s+0\s+\S+\s+\S+\s+eu-node-1/);
    const chunked = await kubectl("get", "pods", "-A", "--chunk-size=2", "--no-headers");
    expect(chunked.trim().split("\n")).toHaveLength(pods.trim().split("\n").length - 1);
  });

  it("get deploy -o json returns the object", async () => {
    const d = JSON.parse(await kubectl("get", "deploy", "-n", "shop", "checkout", "-o", "json"));
    expect(d).toMatchObject({ kind: "Deployment", metadata: { name: "checkout", namespace: "shop" }, spec: { replicas: 6 } });
  });

  it("set image (server dry-run changes nothing), rollout status and rollout history", async () => {
    const before = JSON.parse(await kubectl("get", "deploy", "-n", "shop", "catalog", "-o", "json"));
    const image = before.spec.template.spec.containers[0].image as string;
    const target = `${image.split("@")[0]}@sha256:${"b".repeat(64)}`;
    expect(await kubectl("set", "image", "-n", "shop", "deploy/catalog", `app=${target}`, "--dry-run=server")).toMatch(/image updated \(server dry run\)/);
    expect(JSON.parse(await kubectl("get", "deploy", "-n", "shop", "catalog", "-o", "json")).spec.template.spec.containers[0].image).toBe(image);
    const cart = JSON.parse(await kubectl("get", "deploy", "-n", "shop", "cart", "-o", "json"));
    const cartImage = cart.spec.template.spec.containers[0].image as string;
    expect(await kubectl("set", "image", "-n", "shop", "deploy/inventory", `app=${cartImage}`)).toMatch(/image updated/);
    expect(await kubectl("rollout", "status", "-n", "shop", "deploy/inventory", "--timeout=30s")).toMatch(/successfully rolled out/);
    const history = await kubectl("rollout", "history", "-n", "shop", "deploy/cart");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n3\s+<none>/);
  });

  it("a wrong token is Unauthorized and a forbidden resource prints the RBAC message", async () => {
    const fleet = {
      registry: { builds: { "x-1": { platforms: ["linux/amd64"] } }, repositories: { "t/x": { tags: { "1": "x-1" } } } },
      clusters: [
        { name: "locked", environment: "test", clientToken: "wrong", nodes: [{ name: "n1" }] },
        { name: "rbac", environment: "test", forbidden: ["deployments"], nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment", namespace: "a", name: "x", containers: [{ name: "c", image: "t/x:1" }] }] },
      ],
    };
    const d2 = mkdtempSync(path.join(tmpdir(), "dw-kubectl-"));
    writeFileSync(path.join(d2, "fleet.json"), JSON.stringify(fleet));
    const other = await startSimFleet({ fleet: path.join(d2, "fleet.json"), outDir: d2 });
    try {
      const k = (ctx: string, ...args: string[]) => run("/usr/bin/kubectl", ["--kubeconfig", other.kubeconfigPath, "--context", ctx, ...args], { timeout: 30_000 });
      await expect(k("locked", "get", "pods", "-A")).rejects.toMatchObject({ stderr: expect.stringMatching(/Unauthorized|must be logged in/) });
      await expect(k("rbac", "get", "deploy", "-A")).rejects.toMatchObject({ stderr: expect.stringMatching(/deployments.apps is forbidden: User "system:serviceaccount:driftwatch:reader" cannot list resource "deployments"/) });
      expect((await k("rbac", "get", "pods", "-A")).stdout).toMatch(/x-/);
    } finally {
      await other.stop();
      rmSync(d2, { recursive: true, force: true });
    }
  });

  it("client-node pages through pods over HTTPS with the cluster CA and token", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    kc.setCurrentContext("prod-eu");
    const api = kc.makeApiClient(CoreV1Api);
    const first = await api.listPodForAllNamespaces({ limit: 5 });
    expect(first.items).toHaveLength(5);
    const rest = await api.listPodForAllNamespaces({ limit: 500, _continue: first.metadata!._continue });
    const all = await api.listPodForAllNamespaces();
    expect(first.items.length + rest.items.length).toBe(all.items.length);
  });
});
