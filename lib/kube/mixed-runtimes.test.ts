// One multi-arch release reported four ways, from raw pod JSON through the collector's mapping to
// the drift engine: containerd (the index digest), Docker/cri-dockerd (docker-pullable:// and the
// index digest), CRI-O on amd64 and on arm64 (each the platform child it stored). It is one
// release and in-sync — whether the tag was just resolved, the registry is down but the index is
// cached, or the spec is pinned to the index. Without any index listing (a registry that never
// answered) the three digests cannot be told apart from a split, so nothing is claimed.
import { describe, expect, it } from "vitest";
import { analyzeWorkload } from "@/lib/drift/analyze";
import { failed, platformsOf, resolved } from "@/lib/drift/fixtures";
import type { TagResolution } from "@/lib/drift/observation";
import type { IndexMap } from "@/lib/drift/releases";
import { createAssembly } from "./assemble";
import { deployment, node, pod, replicaSet, running } from "./fixtures";
import { nodeSchema, podSchema, replicaSetSchema, workloadSchema } from "./schemas";

const REPO = "registry.example.com/shop/frontend";
const INDEX = "sha256:" + "a".repeat(64);
const AMD = "sha256:" + "b".repeat(64);
const ARM = "sha256:" + "c".repeat(64);
const INDEXES: IndexMap = { [INDEX]: platformsOf({ amd64: AMD, arm64: ARM }) };

function observe(image: string) {
  const a = createAssembly();
  const runtime = (n: Record<string, unknown>, version: string) => {
    const status = n.status as { nodeInfo: Record<string, string> };
    status.nodeInfo.containerRuntimeVersion = version;
    return n;
  };
  const nodes = [node("ctrd-1"), runtime(node("docker-1"), "docker://26.1.4"), runtime(node("crio-1"), "cri-o://1.30.3"), runtime(node("crio-arm-1", { arch: "arm64" }), "cri-o://1.30.3")];
  const ids: Record<string, string> = {
    "ctrd-1": `${REPO}@${INDEX}`,
    "docker-1": `docker-pullable://${REPO}@${INDEX}`,
    "crio-1": `${REPO}@${AMD}`,
    "crio-arm-1": `${REPO}@${ARM}`,
  };
  for (const n of nodes) a.addNode(nodeSchema.parse(n));
  a.addReplicaSet(replicaSetSchema.parse(replicaSet("frontend", "6d5f", 1, { image })));
  a.addWorkload("Deployment", workloadSchema.parse(deployment("frontend", { image, replicas: 4, annotations: { "deployment.kubernetes.io/revision": "1" } })));
  for (const [n, id] of Object.entries(ids)) {
    const owner = { kind: "ReplicaSet", name: "frontend-6d5f", uid: "uid-rs-frontend-6d5f" };
    a.addPod(podSchema.parse(pod(`frontend-6d5f-${n}`, { node: n, labels: { app: "frontend", "pod-template-hash": "6d5f" }, owner, statuses: [running("app", id, image)] })));
  }
  const { workloads, nodes: observed } = a.finish();
  return { workload: workloads[0]!, nodes: observed };
}

function analyse(image: string, resolutions: Record<string, TagResolution>, indexes: IndexMap) {
  const { workload, nodes } = observe(image);
  return analyzeWorkload({ cluster: "prod-us", environment: "prod", workload, nodes, resolutions, indexes, now: "2026-11-20T10:05:00.000Z" });
}

describe("one multi-arch release across containerd, Docker and CRI-O nodes", () => {
  it.each([
    ["the tag just resolved to the index", `${REPO}:5.2`, resolved(`${REPO}:5.2`, INDEX, INDEXES[INDEX]), {}, ["floating-tag"]],
    ["the registry is down, the index listing is cached", `${REPO}:5.2`, failed(`${REPO}:5.2`, "UNREACHABLE"), INDEXES, ["floating-tag", "unverifiable"]],
    ["pinned to the index digest", `${REPO}@${INDEX}`, {}, INDEXES, []],
  ])("%s", (_name, image, resolutions, indexes, kinds) => {
    const a = analyse(image, resolutions, indexes);
    expect(a.findings.map((f) => f.kind)).toEqual(kinds);
    expect(a.status).toBe("in-sync");
    expect(a.containers[0]!.releases.map((r) => [r.release, [...r.digests].sort(), [...r.nodes].sort(), r.readyPods])).toEqual([
      [INDEX, [INDEX, AMD, ARM].sort(), ["crio-1", "crio-arm-1", "ctrd-1", "docker-1"], 4],
    ]);
  });
});


describe("without the index listing (the registry never answered)", () => {
  it("claims no skew from the digests CRI-O reports differently", () => {
    const a = analyse(`${REPO}:5.2`, failed(`${REPO}:5.2`, "UNAUTHORIZED"), {});
    expect(a.findings.map((f) => f.kind)).toEqual(["floating-tag", "unverifiable"]);
    expect(a.containers[0]!.releases.map((r) => r.release).sort()).toEqual([INDEX, AMD, ARM].sort());
  });

  it("still sees a split between pods whose runtimes report alike", () => {
    const { workload, nodes } = observe(`${REPO}:5.2`);
    const OLD = "sha256:" + "d".repeat(64);
    // The Docker node kept an old build: containerd and Docker both report top-level digests.
    const pods = workload.pods.map((p) => (p.node === "docker-1" ? { ...p, containers: p.containers.map((c) => ({ ...c, digest: OLD, imageID: `docker-pullable://${REPO}@${OLD}` })) } : p));
    const a = analyzeWorkload({ cluster: "prod-us", environment: "prod", workload: { ...workload, pods }, nodes, resolutions: failed(`${REPO}:5.2`, "UNAUTHORIZED"), indexes: {}, now: "2026-11-20T10:05:00.000Z" });
    expect(a.findings.map((f) => f.kind)).toEqual(["skew", "floating-tag", "unverifiable"]);
  });
});
