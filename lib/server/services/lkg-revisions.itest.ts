// On the first poll after a fresh start no release has soaked yet, but the cluster keeps each
// workload's earlier revisions: those are offered as rollback candidates, labelled as having no
// soak evidence, each checked against the registry.
import { describe, expect, it } from "vitest";
import type { Harness } from "@/lib/server/poller/test-harness";
import { findLkgCandidates } from "@/lib/server/services/lkg";
import { readCurrent } from "@/lib/server/services/workload-dto";
import { useDemoHarness } from "@/test/demo-harness";

describe("rollback candidates from cluster revisions", () => {
  let h!: Harness;
  useDemoHarness(async (x) => {
    h = x;
    await h.pollAll();
  });

  const candidatesOf = async (cluster: string, ns: string, name: string) => {
    const row = await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: cluster }, namespace: ns, name }, select: { id: true, current: true } });
    const states = await h.prisma.workloadState.findMany({ where: { workloadId: row.id }, select: { from: true, to: true, containers: true } });
    const current = readCurrent(row.current);
    return { current, lkg: await findLkgCandidates({ states, containers: current.containers, platforms: current.platforms, revisions: current.revisions, now: new Date(), soakMs: 10 * 60_000, resolveKey: (k) => h.registry.resolveKey(k) }) };
  };

  it("prod-eu shop/cart offers its revisions 2 and 1 (newest first), still pullable, after the first poll", async () => {
    const { current, lkg } = await candidatesOf("prod-eu", "shop", "cart");
    const byNumber = new Map(current.revisions.map((r) => [r.number, r.images.app!]));
    const digestOf = (n: number) => byNumber.get(n)!.slice(byNumber.get(n)!.indexOf("@") + 1);
    expect(lkg.app!.map((c) => [c.source, c.revision, c.release, c.label, c.check.pullable, c.check.missingPlatforms])).toEqual([
      ["cluster-revision", 2, digestOf(2), "cluster revision 2 — not observed by Driftwatch (no soak evidence)", true, []],
      ["cluster-revision", 1, digestOf(1), "cluster revision 1 — not observed by Driftwatch (no soak evidence)", true, []],
    ]);
  });

  it("a revision whose digest was deleted is shown as gone from the registry", async () => {
    const { current } = await candidatesOf("prod-eu", "shop", "catalog");
    const older = current.revisions.find((r) => r.images.app !== current.containers[0]!.image)!.images.app!;
    await h.control("DELETE", `/registry/digests/shop/catalog/${older.slice(older.indexOf("@") + 1)}`);
    const { lkg } = await candidatesOf("prod-eu", "shop", "catalog");
    expect(lkg.app!.map((c) => [c.source, c.check.pullable])).toEqual([["cluster-revision", false]]);
  });
});
