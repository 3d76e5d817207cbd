import { describe, expect, it } from "vitest";
import { analyzeFleet } from "@/lib/drift/fleet";
import { T0, cluster, deployment, digest, node, pod, resolved, running } from "@/lib/drift/fixtures";
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
