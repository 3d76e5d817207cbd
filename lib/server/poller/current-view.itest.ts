// The current view is always current: pods rescheduled onto other nodes under an unchanged
// release show up on their new nodes in every API that lists them, without a new history interval.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { useDemoHarness } from "@/test/demo-harness";

const run = promisify(execFile);
type Pod = { metadata: { name: string }; spec: { nodeName: string } };
type Placement = { pod: string; node: string };
const sorted = (xs: Placement[]) => [...xs].sort((a, b) => a.pod.localeCompare(b.pod));

describe("a reschedule of a pinned Deployment (same release, other nodes)", () => {
  let h!: Harness;
  // The kubelets tick only when the test says so: an unchanged round is then really unchanged.
  useDemoHarness(
    async (x, databaseUrl) => {
      h = x;
      process.env.DATABASE_URL = databaseUrl;
      await h.pollAll();
    },
    { tickMs: 3_600_000 },
  );
  const call = async (handler: (req: Request, ctx: never) => Response | Promise<Response>, url: string, ctx?: unknown) => {
    const res = await handler(new Request(`http://test${url}`), ctx as never);
    expect(res.status).toBe(200);
    return res.json();
  };
  /** What the cluster itself says, through kubectl. */
  const kubectlPlacements = async (): Promise<Placement[]> => {
    const out = (await run("/usr/bin/kubectl", ["--kubeconfig", h.sim.kubeconfigPath, "--context", "prod-eu", "-n", "shop", "get", "pods", "-o", "json"], { timeout: 60_000 })).stdout;
    return sorted((JSON.parse(out) as { items: Pod[] }).items.filter((p) => p.metadata.name.startsWith("catalog-")).map((p) => ({ pod: p.metadata.name, node: p.spec.nodeName })));
  };
  type Release = { release: string; placements: { pod: string; node: string | null }[] };
  const placementsOf = (w: { containers: { releases: Release[] }[] }) =>
    sorted(w.containers.flatMap((c) => c.releases.flatMap((r) => r.placements.map((p) => ({ pod: p.pod, node: p.node ?? "" })))));
  const apiViews = async () => {
    const list = await call((await import("@/app/api/workloads/route")).GET, "/api/workloads?cluster=prod-eu&namespace=shop&q=catalog");
    const detail = await call((await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET, "/x", {
      params: Promise.resolve({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "catalog" }),
    });
    const nodes = (await call((await import("@/app/api/nodes/route")).GET, "/api/nodes?cluster=prod-eu")) as { items: { name: string; workloads: { name: string; pods: string[] }[] }[] };
    return {
      list: placementsOf(list.items.find((w: { name: string }) => w.name === "catalog")),
      detail: placementsOf(detail),
      detailNodes: (detail.nodes as { name: string }[]).map((n) => n.name).sort(),
      nodes: sorted(nodes.items.flatMap((n) => n.workloads.filter((w) => w.name === "catalog").flatMap((w) => w.pods.map((pod) => ({ pod, node: n.name }))))),
      releases: (detail.containers as { releases: Release[] }[]).flatMap((c) => c.releases.map((r) => r.release)),
    };
  };

  it("shows the new pods on the new nodes in /api/workloads, the workload detail and /api/nodes, with no new interval", async () => {
    const before = await kubectlPlacements();
    expect(before).toHaveLength(2);
    const viewBefore = await apiViews();
    expect(viewBefore.list).toEqual(before);
    const catalog = await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-eu" }, namespace: "shop", name: "catalog" }, select: { id: true } });
    const intervalsBefore = await h.prisma.workloadState.findMany({ where: { workloadId: catalog.id }, select: { id: true } });

    await h.control("POST", "/clusters/prod-eu/workloads/shop/Deployment/catalog/reschedule");
    const after = await kubectlPlacements();
    expect(after).toHaveLength(2);
    // The premise: other pods, and not the same set of nodes.
    expect(after.map((p) => p.pod).filter((p) => before.some((b) => b.pod === p))).toEqual([]);
    expect(after.map((p) => p.node).sort()).not.toEqual(before.map((p) => p.node).sort());

    const results = await h.pollAll();
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    const view = await apiViews();
    expect(view.list).toEqual(after);
    expect(view.detail).toEqual(after);
    expect(view.nodes).toEqual(after);
    expect(view.detailNodes).toEqual([...new Set(after.map((p) => p.node))].sort());
    expect(view.releases).toEqual(viewBefore.releases); // the same release throughout
    expect(await h.prisma.workloadState.findMany({ where: { workloadId: catalog.id }, select: { id: true } })).toEqual(intervalsBefore);
  });

  it("when the kubelets move on, rewrites only the workloads whose pods changed (the ones backing off)", async () => {
    const hashes = async () =>
      new Map((await h.prisma.workload.findMany({ select: { currentHash: true, name: true, namespace: true, driftKinds: true, cluster: { select: { name: true } } } })).map((w) => [`${w.cluster.name}/${w.namespace}/${w.name}`, w]));
    const before = await hashes();
    for (let i = 0; i < 3; i++) for (const w of h.sim.worlds.values()) w.tick();
    await h.pollAll();
    const after = await hashes();
    const rewritten = [...after].filter(([k, w]) => before.get(k)?.currentHash !== w.currentHash).map(([k]) => k).sort();
    const failing = [...after].filter(([, w]) => w.driftKinds.includes("pull-failing")).map(([k]) => k).sort();
    expect(failing.length).toBeGreaterThan(0);
    expect(rewritten).toEqual(failing);
  });

  it("rewrites nothing on the next unchanged round", async () => {
    const results = await h.pollAll();
    expect(results.map((r) => [r.cluster, r.rowsWritten])).toEqual([
      ["prod-eu", 1],
      ["prod-us", 1],
      ["staging", 1],
    ]);
  });
});
