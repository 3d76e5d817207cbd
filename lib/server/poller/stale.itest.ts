// A dead cluster is shown as stale, everywhere: its last known counts with their time, and every
// workload, workload detail and node of it marked stale with when it was last seen.
import { describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { useDemoHarness } from "@/test/demo-harness";
import { clusterListSchema, nodeMapSchema } from "@/lib/schemas/fleet";
import { workloadDetailSchema, workloadListSchema } from "@/lib/schemas/workloads";

describe("a cluster whose last poll failed", () => {
  let h!: Harness;
  useDemoHarness(async (x, databaseUrl) => {
    h = x;
    process.env.DATABASE_URL = databaseUrl;
    await h.pollAll();
  });
  const get = async (handler: (req: Request, ctx: never) => Response | Promise<Response>, url: string, ctx?: unknown) => {
    const res = await handler(new Request(`http://test${url}`), ctx as never);
    expect(res.status).toBe(200);
    return res.json();
  };
  const clusters = async () => clusterListSchema.parse(await get((await import("@/app/api/clusters/route")).GET, "/api/clusters")).items;
  const workloads = async (cluster: string) => workloadListSchema.parse(await get((await import("@/app/api/workloads/route")).GET, `/api/workloads?cluster=${cluster}&limit=500`)).items;
  const nodes = async (cluster: string) => nodeMapSchema.parse(await get((await import("@/app/api/nodes/route")).GET, `/api/nodes?cluster=${cluster}`)).items;
  const detail = async (cluster: string, namespace: string, name: string) =>
    workloadDetailSchema.parse(await get((await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET, "/x", { params: Promise.resolve({ cluster, namespace, kind: "Deployment", name }) }));
  const marks = (items: { stale: boolean; lastSeenAt: string | null }[]) => [...new Set(items.map((i) => `${i.stale}@${i.lastSeenAt}`))];

  it("keeps its last known counts as of its last success, and marks its workloads and nodes stale with that time", async () => {
    const before = (await clusters()).find((c) => c.name === "staging")!;
    expect(before).toMatchObject({ status: "ok", stale: false });
    expect(before.workloads).toBe((await workloads("staging")).length);
    expect(before.nodes).toBe((await nodes("staging")).length);
    const seenAt = before.lastSuccessAt!;
    expect(before.countsAsOf).toBe(seenAt);

    await h.control("POST", "/clusters/staging/down");
    const results = await h.pollAll();
    expect(results.map((r) => [r.cluster, r.status])).toEqual([["prod-eu", "ok"], ["prod-us", "ok"], ["staging", "failed"]]);

    const all = await clusters();
    const staging = all.find((c) => c.name === "staging")!;
    expect(staging).toMatchObject({ status: "failed", stale: true, lastSuccessAt: seenAt, countsAsOf: seenAt, workloads: before.workloads, pods: before.pods, nodes: before.nodes });
    expect(staging.lastPoll).toMatchObject({ status: "failed", workloads: 0, pods: 0, nodes: 0 }); // the failed poll itself saw nothing
    expect(all.filter((c) => c.name !== "staging").map((c) => [c.name, c.stale])).toEqual([["prod-eu", false], ["prod-us", false]]);

    const items = await workloads("staging");
    expect(items).toHaveLength(before.workloads!);
    expect(marks(items)).toEqual([`true@${seenAt}`]);
    expect(marks(await workloads("prod-eu"))).toEqual([`false@${all.find((c) => c.name === "prod-eu")!.lastSuccessAt}`]);
    const ledger = await detail("staging", "finance", "ledger");
    expect([ledger.stale, ledger.lastSeenAt]).toEqual([true, seenAt]);
    expect(ledger.history.filter((s) => s.to === null)).toHaveLength(1); // still open: "until last seen" is the page's reading
    const stagingNodes = await nodes("staging");
    expect(stagingNodes).toHaveLength(before.nodes!);
    expect(marks(stagingNodes)).toEqual([`true@${seenAt}`]);
    expect(stagingNodes.flatMap((n) => n.workloads).length).toBeGreaterThan(0); // the last known map stays
  });

  it("is fresh again after the cluster comes back", async () => {
    await h.control("POST", "/clusters/staging/up");
    expect((await h.poll("staging")).status).toBe("ok");
    const staging = (await clusters()).find((c) => c.name === "staging")!;
    expect(staging).toMatchObject({ status: "ok", stale: false, countsAsOf: staging.lastSuccessAt });
    expect(marks(await workloads("staging"))).toEqual([`false@${staging.lastSuccessAt}`]);
    expect(marks(await nodes("staging"))).toEqual([`false@${staging.lastSuccessAt}`]);
  });
});
