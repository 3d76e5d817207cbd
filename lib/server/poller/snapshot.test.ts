import { describe, expect, it } from "vitest";
import { analyzeFleet } from "@/lib/drift/fleet";
import { T0, cluster, deployment, digest, node, pod, resolved, running } from "@/lib/drift/fixtures";
import { readCurrent, type WorkloadCurrent } from "@/lib/server/services/workload-dto";
import { toRecord } from "./snapshot";

const IMG = "reg.example/shop/api:1.0";
const D = digest("d");

function recordOn(nodes: [string, string], checkedAt: string, podNames: [string, string] = ["api-a", "api-b"]) {
  const w = deployment("shop", "api").container("app", IMG).revision("r1").pods([pod(podNames[0], nodes[0], "r1", { app: running(D) }), pod(podNames[1], nodes[1], "r1", { app: running(D) })]);
  const obs = cluster("prod", "prod", { nodes: [node("n1"), node("n2"), node("n3")], workloads: [w] });
  const res = Object.fromEntries(Object.entries(resolved(IMG, D)).map(([k, r]) => [k, { ...r, checkedAt }]));
  const a = analyzeFleet({ observations: [obs], resolutions: res, indexes: {}, now: T0 }).workloads[0]!;
  return toRecord(a, obs.workloads[0]!, obs.nodes, res);
}

describe("the current view's hash", () => {
  const base = recordOn(["n1", "n2"], "2026-11-01T00:00:00.000Z");
  it.each([
    ["a later registry check only", recordOn(["n1", "n2"], "2026-11-01T00:05:00.000Z"), true],
    ["pods moved to other nodes", recordOn(["n2", "n3"], "2026-11-01T00:00:00.000Z"), false],
    ["pods replaced under other names", recordOn(["n1", "n2"], "2026-11-01T00:00:00.000Z", ["api-c", "api-d"]), false],
  ] as const)("%s → unchanged: %s (the history key never changes)", (_name, other, isSame) => {
    expect(other.stateHash).toBe(base.stateHash);
    expect(other.currentHash === base.currentHash).toBe(isSame);
  });
});

describe("the cluster revisions kept in the current view", () => {
  it("carry each revision's creation time (null when the collector saw none)", () => {
    const w = deployment("shop", "api").container("app", IMG).revision("r2").pods([pod("api-a", "n1", "r2", { app: running(D) })]);
    const obs = cluster("prod", "prod", { nodes: [node("n1")], workloads: [w] });
    obs.workloads[0]!.revisions = [
      { revision: "r2", number: 2, createdAt: "2026-11-30T12:00:05.000Z", images: { app: IMG } },
      { revision: "r1", number: 1, images: { app: "reg.example/shop/api:0.9" } },
    ];
    const res = resolved(IMG, D);
    const a = analyzeFleet({ observations: [obs], resolutions: res, indexes: {}, now: T0 }).workloads[0]!;
    expect((toRecord(a, obs.workloads[0]!, obs.nodes, res).current as WorkloadCurrent).revisions).toEqual([
      { revision: "r2", number: 2, createdAt: "2026-11-30T12:00:05.000Z", images: { app: IMG } },
      { revision: "r1", number: 1, createdAt: null, images: { app: "reg.example/shop/api:0.9" } },
    ]);
  });

  it("rows written before creation times were kept read as null, not missing", () => {
    expect(readCurrent({ revisions: [{ revision: "r1", number: 1, images: { app: IMG } }] }).revisions).toEqual([{ revision: "r1", number: 1, createdAt: null, images: { app: IMG } }]);
  });
});
