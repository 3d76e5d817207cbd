// Every workload of the demo fleet, with exactly the drift kinds its story calls for (see
// sim/README.md): a false positive anywhere (a runtime's imageID form, node affinity, a pinned
// build) or a lost finding fails here, not only the stories someone thought to check.
import { describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { useDemoHarness } from "@/test/demo-harness";

// Every spec with a tag carries floating-tag (info for a versioned tag, so in-sync alone); pinned specs carry none.
const EXPECTED: Record<string, string[]> = {
  "prod-eu/data/StatefulSet/postgres": [],
  "prod-eu/finance/Deployment/ledger": ["floating-tag"],
  "prod-eu/kube-system/DaemonSet/node-exporter": [],
  "prod-eu/media/Deployment/image-resizer": ["floating-tag", "platform-gap", "pull-failing"],
  "prod-eu/platform/Deployment/auth": [],
  "prod-eu/platform/Deployment/gateway": [],
  "prod-eu/shop/Deployment/cart": [],
  "prod-eu/shop/Deployment/catalog": [],
  "prod-eu/shop/Deployment/checkout": ["floating-tag", "skew"],
  "prod-eu/shop/Deployment/frontend": ["floating-tag"],
  "prod-eu/shop/Deployment/inventory": [],
  "prod-eu/shop/Deployment/payments": ["cross-cluster", "floating-tag"],
  "prod-eu/shop/Deployment/recommendations": ["floating-tag", "tag-moved"],
  "prod-eu/shop/Deployment/search": ["floating-tag", "pull-failing", "tag-missing"],
  "prod-us/kube-system/DaemonSet/node-exporter": [],
  "prod-us/media/Deployment/thumbnailer": ["floating-tag"],
  "prod-us/platform/Deployment/auth": [],
  "prod-us/platform/Deployment/gateway": [],
  "prod-us/platform/Deployment/notifications": [],
  "prod-us/shop/Deployment/cart": [],
  "prod-us/shop/Deployment/catalog": [],
  "prod-us/shop/Deployment/frontend": ["floating-tag"],
  "prod-us/shop/Deployment/payments": ["cross-cluster", "floating-tag"],
  "staging/finance/Deployment/ledger": ["floating-tag", "pull-failing", "unverifiable"],
  "staging/kube-system/DaemonSet/node-exporter": [],
  "staging/platform/Deployment/auth": [],
  "staging/platform/Deployment/notifications": [],
  "staging/reports/Deployment/nightly-report": ["floating-tag"],
  "staging/shop/Deployment/cart": [],
  "staging/shop/Deployment/payments": ["floating-tag"],
};

describe("the demo fleet's drift kinds, every workload, exactly", () => {
  let h!: Harness;
  // The kubelets tick only when the test says so: which pods back off at a poll is then known.
  useDemoHarness(
    async (x) => {
      h = x;
      await h.pollAll();
    },
    { tickMs: 3_600_000 },
  );

  const kindsNow = async () => {
    const rows = await h.prisma.workload.findMany({ where: { deletedAt: null }, select: { namespace: true, kind: true, name: true, driftKinds: true, cluster: { select: { name: true } } } });
    return Object.fromEntries(rows.map((w) => [`${w.cluster.name}/${w.namespace}/${w.kind}/${w.name}`, [...w.driftKinds].sort()]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  };

  it("after one round of polls", async () => {
    expect(await kindsNow()).toEqual(EXPECTED);
  });

  it("and still after the pods have backed off for a while (causes kept: manifest-unknown, platform, unauthorized)", async () => {
    // Pulls at creation and at ticks 3 and 8, back-off at every other tick: 10 back-offs, backing off now.
    for (let i = 0; i < 12; i++) for (const w of h.sim.worlds.values()) w.tick();
    await h.pollAll();
    expect(await kindsNow()).toEqual(EXPECTED);
    // The pods were backing off when polled (the sim's store is what the collector read) …
    const waiting = [...h.sim.worlds.entries()].flatMap(([cluster, w]) =>
      [...w.store.peek("pods")].flatMap((p) =>
        ((p.status as { containerStatuses?: { state: { waiting?: { reason: string } } }[] }).containerStatuses ?? []).flatMap((c) => (c.state.waiting ? [`${cluster}/${p.metadata.name.split("-").slice(0, -2).join("-")}:${c.state.waiting.reason}`] : [])),
      ),
    );
    expect([...new Set(waiting)].sort()).toEqual(["prod-eu/image-resizer:ImagePullBackOff", "prod-eu/search:ImagePullBackOff", "staging/ledger:ImagePullBackOff"]);
    // … and the classified cause, part of the state key, is still the specific one.
    const failing = await h.prisma.workload.findMany({ where: { driftKinds: { has: "pull-failing" } }, select: { name: true, cluster: { select: { name: true } }, current: true } });
    const reasons = Object.fromEntries(
      failing.map((w) => [
        `${w.cluster.name}/${w.name}`,
        (w.current as { findings: { kind: string; details: { reason: string } }[] }).findings.filter((f) => f.kind === "pull-failing").map((f) => f.details.reason),
      ]),
    );
    expect(reasons).toEqual({ "prod-eu/image-resizer": ["platform"], "prod-eu/search": ["manifest-unknown"], "staging/ledger": ["unauthorized"] });
  });

  it("one release for a multi-arch image reported as an index digest, CRI-O child digests and docker-pullable://", async () => {
    const w = await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-us" }, namespace: "shop", name: "frontend" }, select: { status: true, driftKinds: true, current: true } });
    const releases = (w.current as { containers: { releases: { release: string; digests: string[]; nodes: string[] }[] }[] }).containers[0]!.releases;
    expect(releases.map((r) => r.nodes)).toEqual([["us-node-1", "us-node-2", "us-node-3", "us-node-4"]]);
    expect(releases[0]!.digests).toHaveLength(3); // the index (containerd, docker) and two platform children (CRI-O amd64, arm64)
    expect(releases[0]!.digests).toContain(releases[0]!.release);
    const ids = await h.sim.worlds.get("prod-us")!.store.list("pods", { namespace: "shop" }).items
      .filter((p) => p.metadata.name.startsWith("frontend-"))
      .map((p) => (p.status as { containerStatuses: { imageID: string }[] }).containerStatuses[0]!.imageID.replace(/@sha256:[0-9a-f]{64}$/, "@…"));
    expect(ids.sort()).toEqual([`${h.sim.registryHost}/shop/frontend@…`, `${h.sim.registryHost}/shop/frontend@…`, `${h.sim.registryHost}/shop/frontend@…`, `docker-pullable://${h.sim.registryHost}/shop/frontend@…`]);
    expect([w.status, w.driftKinds]).toEqual(["in-sync", ["floating-tag"]]);
  });
});
