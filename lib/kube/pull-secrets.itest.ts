// Pull secrets read from a simulated cluster over HTTPS with the real client: the secret a
// workload names, a missing one, and a cluster whose RBAC forbids reading secrets.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimFleet, type SimFleetHandle } from "@/sim/index";
import { credentialFor } from "@/lib/oci/docker-config";
import { loadClusterSources } from "./clusters";
import { collectCluster } from "./collect";
import { collectPullSecrets, secretReaderFor } from "./pull-secrets";

describe("pull secrets from a cluster", () => {
  let sim: SimFleetHandle;
  let dir: string;
  const workload = (name: string, secrets: string[]) => ({ kind: "Deployment", namespace: "fin", name, imagePullSecrets: secrets, containers: [{ name: "c", image: "fin/ledger:1" }] });
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-secrets-"));
    const fleet = {
      registry: { builds: { "l-1": { platforms: ["linux/amd64"] } }, repositories: { "fin/ledger": { tags: { "1": "l-1" }, private: true } } },
      clusters: [
        { name: "open", environment: "t", pullSecrets: [{ namespace: "fin", name: "pull" }], nodes: [{ name: "n1" }], workloads: [workload("a", ["pull"]), workload("b", ["gone"])] },
        { name: "locked", environment: "t", forbidden: ["secrets"], pullSecrets: [{ namespace: "fin", name: "pull" }], nodes: [{ name: "n1" }], workloads: [workload("a", ["pull"])] },
      ],
    };
    writeFileSync(path.join(dir, "fleet.json"), JSON.stringify(fleet));
    sim = await startSimFleet({ fleet: path.join(dir, "fleet.json"), outDir: dir });
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the named secret, reports a missing one and an RBAC refusal, and never fails the poll", async () => {
    const { clusters } = loadClusterSources({ kubeconfigPath: sim.kubeconfigPath });
    const byName = Object.fromEntries(clusters.map((c) => [c.name, c]));
    const open = await collectCluster(byName.open!);
    const got = await collectPullSecrets(byName.open!, open.workloads, secretReaderFor(byName.open!));
    expect([...got.configs.keys()]).toEqual(["fin/pull"]);
    expect(credentialFor(got.configs.get("fin/pull")!, (sim.control.state() as { registry: string }).registry)).toEqual({ username: "sim-puller", password: "sim-pull-password" });
    expect(got.problems).toEqual([{ secret: "fin/gone", code: "NOT_FOUND", message: "pull secret fin/gone does not exist in cluster open" }]);
    // The kubelet could pull with the secret; the workload without one could not.
    expect(open.workloads.find((w) => w.name === "a")!.pods[0]!.containers[0]!.digest).toMatch(/^sha256:/);

    const locked = await collectCluster(byName.locked!);
    const refused = await collectPullSecrets(byName.locked!, locked.workloads, secretReaderFor(byName.locked!));
    expect(refused.configs.size).toBe(0);
    expect(refused.problems).toMatchObject([{ secret: "fin/pull", code: "FORBIDDEN", message: expect.stringMatching(/secrets "pull" is forbidden/) }]);
  });
});
