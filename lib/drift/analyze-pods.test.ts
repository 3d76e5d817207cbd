import { describe, expect, it } from "vitest";
import {
  analyzeOne,
  daemonSet,
  deployment,
  digest,
  kindsOf,
  local,
  node,
  platformsOf,
  pod,
  resolved,
  running,
  statefulSet,
  waiting,
} from "./fixtures";

const IMG = "reg.example/shop/checkout:2.4.1";
const OLD = digest("checkout-old"); // the build nodes cached before the tag was re-pushed
const NEW = digest("checkout-new");
const IDX = digest("checkout-index");
const AMD = digest("checkout-amd64");
const ARM = digest("checkout-arm64");
const multiArch = { [IDX]: platformsOf({ amd64: AMD, arm64: ARM }) };
const mixedNodes = [node("amd-1"), node("amd-2"), node("arm-1", "arm64"), node("arm-2", "arm64")];

const checkout = () => deployment("shop", "checkout").container("app", IMG).revision("7d9f");

describe("skew", () => {
  it("flags pods of the same revision on different releases, naming the odd ones", () => {
    const w = checkout().pods([
      pod("c-1", "n1", "7d9f", { app: running(NEW) }),
      pod("c-2", "n2", "7d9f", { app: running(NEW) }),
      pod("c-3", "n3", "7d9f", { app: running(NEW) }),
      pod("c-4", "n4", "7d9f", { app: running(NEW) }),
      pod("c-5", "n5", "7d9f", { app: running(OLD) }),
      pod("c-6", "n6", "7d9f", { app: running(OLD) }),
    ]);
    const a = analyzeOne(w, { resolutions: resolved(IMG, NEW) });
    const skew = a.findings.filter((f) => f.kind === "skew");
    expect(skew).toHaveLength(1);
    expect(skew[0]?.message).toBe("2 of 6 pods of revision 7d9f run an older build of shop/checkout:2.4.1");
    expect(skew[0]?.details).toMatchObject({ revision: "7d9f", expectedRelease: NEW, pods: ["c-5", "c-6"], nodes: ["n5", "n6"] });
    expect(a.status).toBe("drift");
    expect(a.containers[0]?.releases.map((r) => [r.release, r.pods.length])).toEqual([
      [NEW, 4],
      [OLD, 2],
    ]);
  });

  it("calls it a different build when the registry answer is unknown and takes the majority as expected", () => {
    const w = checkout().pods([
      pod("c-1", "n1", "7d9f", { app: running(OLD) }),
      pod("c-2", "n2", "7d9f", { app: running(NEW) }),
      pod("c-3", "n3", "7d9f", { app: running(NEW) }),
    ]);
    const f = analyzeOne(w).findings.find((x) => x.kind === "skew");
    expect(f?.message).toBe("1 of 3 pods of revision 7d9f run a different build of shop/checkout:2.4.1");
    expect(f?.details.expectedRelease).toBe(NEW);
  });

  it("is not raised for a multi-arch image reported as index on some pods and child digests on others", () => {
    // containerd reports the index digest, CRI-O a child: same release.
    const w = checkout().pods([
      pod("c-1", "amd-1", "7d9f", { app: running(IDX) }),
      pod("c-2", "amd-2", "7d9f", { app: running(AMD) }),
      pod("c-3", "arm-1", "7d9f", { app: running(IDX) }),
      pod("c-4", "arm-2", "7d9f", { app: running(ARM) }),
    ]);
    const a = analyzeOne(w, { nodes: mixedNodes, resolutions: resolved(IMG, IDX, multiArch[IDX]) });
    expect(kindsOf(a)).toEqual(["floating-tag"]);
    expect(a.status).toBe("in-sync");
    expect(a.containers[0]?.releases).toHaveLength(1);
    expect(a.containers[0]?.releases[0]).toMatchObject({ release: IDX, digests: [AMD, ARM, IDX].sort(), readyPods: 4 });
  });

  it("knows the index from the cache even when the registry was not asked", () => {
    const w = checkout().pods([pod("c-1", "amd-1", "7d9f", { app: running(AMD) }), pod("c-2", "arm-1", "7d9f", { app: running(ARM) })]);
    expect(kindsOf(analyzeOne(w, { nodes: mixedNodes, indexes: multiArch }))).not.toContain("skew");
  });

  it("ignores pods still waiting for their image", () => {
    const w = checkout().pods([pod("c-1", "n1", "7d9f", { app: running(NEW) }), pod("c-2", "n2", "7d9f", { app: waiting("ContainerCreating") })]);
    const a = analyzeOne(w, { resolutions: resolved(IMG, NEW) });
    expect(kindsOf(a)).not.toContain("skew");
    expect(a.containers[0]?.pendingPods).toEqual(["c-2"]);
  });

  it("does not compare a bare config id with a manifest digest, but does compare two config ids", () => {
    const mixed = checkout().pods([pod("c-1", "n1", "7d9f", { app: running(NEW) }), pod("c-2", "n2", "7d9f", { app: local(digest("cfg")) })]);
    expect(kindsOf(analyzeOne(mixed, { resolutions: resolved(IMG, NEW) }))).not.toContain("skew");
    const twoLocal = checkout().pods([
      pod("c-1", "n1", "7d9f", { app: local(digest("cfg-1")) }),
      pod("c-2", "n2", "7d9f", { app: local(digest("cfg-2"), "docker") }),
    ]);
    expect(kindsOf(analyzeOne(twoLocal))).toContain("skew");
  });

  it("applies to pods with no revision label as one group", () => {
    const w = checkout().pods([pod("c-1", "n1", null, { app: running(NEW) }), pod("c-2", "n2", null, { app: running(OLD) })]);
    const f = analyzeOne(w).findings.find((x) => x.kind === "skew");
    expect(f?.message).toContain("with no revision label");
  });
});

describe("rolling", () => {
  const rollout = () =>
    checkout()
      .oldRevision("5c2a", { app: "reg.example/shop/checkout:2.4.0" })
      .pods([
        pod("c-new-1", "n1", "7d9f", { app: running(NEW) }),
        pod("c-new-2", "n2", "7d9f", { app: running(NEW) }),
        pod("c-old-1", "n3", "5c2a", { app: running(OLD) }),
        pod("c-old-2", "n4", "5c2a", { app: running(OLD) }),
      ]);

  it("reports two internally consistent revisions as information only: in-sync", () => {
    const a = analyzeOne(rollout(), { resolutions: resolved(IMG, NEW), settings: { floatingTag: "off" } });
    expect(kindsOf(a)).toEqual(["rolling"]);
    expect(a.findings[0]).toMatchObject({ severity: "info", container: null });
    expect(a.findings[0]?.message).toBe("Rollout in progress: 2 of 4 pods on the current revision 7d9f, 1 older revision");
    expect(a.status).toBe("in-sync");
    expect(a.revisions).toEqual([
      { revision: "7d9f", pods: 2 },
      { revision: "5c2a", pods: 2 },
    ]);
  });

  it("does not call the old revision's pods a tag move of the new tag", () => {
    const onlyOld = checkout()
      .oldRevision("5c2a", { app: "reg.example/shop/checkout:2.4.0" })
      .pods([pod("c-old-1", "n3", "5c2a", { app: running(OLD) }), pod("c-new-1", "n1", "7d9f", { app: waiting("ContainerCreating") })]);
    expect(kindsOf(analyzeOne(onlyOld, { resolutions: resolved(IMG, NEW) }))).not.toContain("tag-moved");
  });

  it("still finds skew inside one of the revisions", () => {
    const w = rollout().pods([pod("c-new-3", "n5", "7d9f", { app: running(OLD) })]);
    const a = analyzeOne(w, { resolutions: resolved(IMG, NEW) });
    expect(kindsOf(a)).toContain("skew");
    expect(a.findings.find((f) => f.kind === "skew")?.details.revision).toBe("7d9f");
  });

  it("is absent with a single revision", () => {
    const w = checkout().pods([pod("c-1", "n1", "7d9f", { app: running(NEW) })]);
    expect(kindsOf(analyzeOne(w, { resolutions: resolved(IMG, NEW) }))).not.toContain("rolling");
  });
});

describe("pinned specs", () => {
  const pinnedImage = `reg.example/shop/checkout@${NEW}`;
  const pinned = (image = pinnedImage) => deployment("shop", "checkout").container("app", image).revision("9a1b");

  it("is in-sync with no findings when every pod runs the pin", () => {
    const w = pinned().pods([pod("c-1", "n1", "9a1b", { app: running(NEW) }), pod("c-2", "n2", "9a1b", { app: running(NEW) })]);
    const a = analyzeOne(w);
    expect(a.findings).toEqual([]);
    expect(a.status).toBe("in-sync");
    expect(a.containers[0]).toMatchObject({ isPinned: true, specRelease: NEW, specReference: `reg.example/shop/checkout@${NEW}` });
  });

  it("keeps the tag for humans (repo:tag@digest) without floating-tag or tag-moved", () => {
    const w = pinned(`reg.example/shop/checkout:2.4.1@${NEW}`).pods([pod("c-1", "n1", "9a1b", { app: running(NEW) })]);
    // Even if the tag moved on, the pin decides what runs.
    expect(analyzeOne(w, { resolutions: resolved(IMG, OLD) }).findings).toEqual([]);
  });

  it("accepts a pin to the index with pods reporting children", () => {
    const w = pinned(`reg.example/shop/checkout@${IDX}`).pods([
      pod("c-1", "amd-1", "9a1b", { app: running(AMD) }),
      pod("c-2", "arm-1", "9a1b", { app: running(ARM) }),
    ]);
    expect(analyzeOne(w, { nodes: mixedNodes, indexes: multiArch }).findings).toEqual([]);
  });

  it("reports current-revision pods on another known release as skew (pinned-mismatch)", () => {
    const w = pinned(`reg.example/shop/checkout@${IDX}`).pods([
      pod("c-1", "amd-1", "9a1b", { app: running(AMD) }),
      pod("c-2", "amd-2", "9a1b", { app: running(OLD) }),
    ]);
    const a = analyzeOne(w, { nodes: mixedNodes, indexes: multiArch });
    expect(kindsOf(a)).toEqual(["skew"]);
    expect(a.findings[0]?.details).toMatchObject({ reason: "pinned-mismatch", pods: ["c-2"] });
  });

  it("does not guess when neither the pin nor the pod digest is a known index or child", () => {
    // CRI-O may report a child of an index we have never fetched.
    const w = pinned().pods([pod("c-1", "n1", "9a1b", { app: running(digest("unknown-child")) })]);
    expect(analyzeOne(w).findings).toEqual([]);
  });
});

describe("init containers, StatefulSets and DaemonSets", () => {
  it("analyses init containers like others and finds their skew", () => {
    const w = deployment("shop", "checkout")
      .initContainer("migrate", "reg.example/shop/migrate:1.0")
      .container("app", `reg.example/shop/checkout@${NEW}`)
      .revision("7d9f")
      .pods([
        pod("c-1", "n1", "7d9f", { migrate: { ...running(digest("mig-a")), ready: false, state: "terminated" }, app: running(NEW) }),
        pod("c-2", "n2", "7d9f", { migrate: { ...running(digest("mig-b")), ready: false, state: "terminated" }, app: running(NEW) }),
      ]);
    const a = analyzeOne(w, { settings: { floatingTag: "off" } });
    expect(a.containers.map((c) => [c.name, c.isInit])).toEqual([
      ["migrate", true],
      ["app", false],
    ]);
    expect(a.findings.map((f) => [f.kind, f.container])).toEqual([["skew", "migrate"]]);
    // Init containers count as ready when their pod is ready.
    expect(a.containers[0]?.health.ready).toBe(2);
  });

  it("groups StatefulSet pods by controller-revision-hash", () => {
    const w = statefulSet("data", "db")
      .container("pg", "reg.example/data/postgres:17")
      .revision("db-6b8f")
      .pods([pod("db-0", "n1", "db-6b8f", { pg: running(NEW) }), pod("db-1", "n2", "db-6b8f", { pg: running(OLD) })]);
    const a = analyzeOne(w, { resolutions: resolved("reg.example/data/postgres:17", NEW) });
    expect(a.kind).toBe("StatefulSet");
    expect(a.findings.find((f) => f.kind === "skew")?.details.pods).toEqual(["db-1"]);
  });

  it("treats a DaemonSet on mixed nodes with one multi-arch release as in-sync", () => {
    const w = daemonSet("kube-system", "agent")
      .container("agent", "reg.example/ops/agent:3.1")
      .revision("ds-1")
      .pods(mixedNodes.map((n, i) => pod(`agent-${i}`, n.name, "ds-1", { agent: running(n.architecture === "arm64" ? ARM : IDX) })));
    const a = analyzeOne(w, { nodes: mixedNodes, resolutions: resolved("reg.example/ops/agent:3.1", IDX, multiArch[IDX]) });
    expect(a.status).toBe("in-sync");
    expect(a.containers[0]?.health).toEqual({ replicas: 4, ready: 4, restarts: 0, pullFailures: 0 });
  });
});

describe("health", () => {
  it("sums restarts, ready pods and pull failures per container and per workload", () => {
    const w = checkout()
      .replicas(3)
      .pods([
        pod("c-1", "n1", "7d9f", { app: running(NEW, { restartCount: 2 }) }),
        pod("c-2", "n2", "7d9f", { app: running(NEW, { ready: false, restartCount: 5 }) }),
        pod("c-3", "n3", "7d9f", { app: waiting("ImagePullBackOff", "Back-off pulling image") }),
      ]);
    const a = analyzeOne(w, { resolutions: resolved(IMG, NEW) });
    expect(a.containers[0]?.health).toEqual({ replicas: 3, ready: 1, restarts: 7, pullFailures: 1 });
    expect(a.health).toEqual({ replicas: 3, ready: 1, restarts: 7, pullFailures: 1 });
    expect(a.containers[0]?.releases[0]).toMatchObject({ readyPods: 1, restarts: 7, pods: ["c-1", "c-2"] });
  });
});

describe("invalid spec images", () => {
  it("analyses a container whose image does not parse without inventing registry findings", () => {
    const w = deployment("shop", "broken")
      .container("app", "Shop/App :1")
      .revision("r")
      .pods([pod("b-1", "n1", "r", { app: waiting("InvalidImageName", 'Failed to apply default image tag "Shop/App :1"') })]);
    const a = analyzeOne(w);
    expect(a.containers[0]).toMatchObject({ specReference: null, specRelease: null, pendingPods: ["b-1"] });
    expect(a.findings.map((f) => [f.kind, f.details.reason])).toEqual([["pull-failing", "other"]]);
  });
});
