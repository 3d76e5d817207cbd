// Three clusters of one environment disagree (a and b run X, c runs Y): whatever order they are
// polled in, every member's stored finding names the same clusters and builds, and the workload
// page compares them the same way.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./test-harness";
import { createTestDatabase } from "@/test/db";

const payments = (tag: string) => ({ kind: "Deployment", namespace: "shop", name: "payments", replicas: 2, containers: [{ name: "app", image: `shop/payments:${tag}` }] });
const fleet = {
  registry: {
    builds: { "payments-1.3": { platforms: ["linux/amd64"] }, "payments-1.4": { platforms: ["linux/amd64"] } },
    repositories: { "shop/payments": { tags: { "1.3": "payments-1.3", "1.4": "payments-1.4" } } },
  },
  clusters: [
    { name: "prod-a", environment: "prod", nodes: [{ name: "a-1", arch: "amd64" }], workloads: [payments("1.4")] },
    { name: "prod-b", environment: "prod", nodes: [{ name: "b-1", arch: "amd64" }], workloads: [payments("1.4")] },
    { name: "prod-c", environment: "prod", nodes: [{ name: "c-1", arch: "amd64" }], workloads: [payments("1.3")] },
  ],
};

type Finding = { kind: string; message: string; details: { clusters: { cluster: string; release: string }[]; releases: string[] } };

describe("cross-cluster findings across three clusters of one environment", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-cross-"));
    writeFileSync(path.join(dir, "fleet.json"), JSON.stringify(fleet));
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    h = await startHarness({ databaseUrl: db.url, fleet: path.join(dir, "fleet.json") });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each member's stored cross-cluster finding, by cluster. */
  const stored = async () => {
    const rows = await h.prisma.workload.findMany({ where: { name: "payments" }, select: { current: true, cluster: { select: { name: true } } }, orderBy: { cluster: { name: "asc" } } });
    return rows.map((r) => [r.cluster.name, (r.current as { findings: Finding[] }).findings.filter((f) => f.kind === "cross-cluster").map((f) => ({ message: f.message, clusters: f.details.clusters.map((c) => c.cluster), builds: f.details.releases.length }))]);
  };
  const everyMemberNamesAll = () => {
    const finding = { message: expect.stringMatching(/run 2 different builds of .*shop\/payments:1\.4 \(prod-a, prod-b, prod-c\)$/), clusters: ["prod-a", "prod-b", "prod-c"], builds: 2 };
    return [["prod-a", [finding]], ["prod-b", [finding]], ["prod-c", [finding]]];
  };

  it("polled a, then c, then all: every member names (prod-a, prod-b, prod-c)", async () => {
    await h.poll("prod-a");
    await h.poll("prod-c");
    expect((await stored()).map(([c, f]) => [c, (f as { clusters: string[] }[]).map((x) => x.clusters)])).toEqual([
      ["prod-a", []], // polled before any peer had stored anything
      ["prod-c", [["prod-a", "prod-c"]]],
    ]);
    const results = await h.pollAll();
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    expect(await stored()).toEqual(everyMemberNamesAll());
  });

  it("stays the same set whatever order the clusters are polled in next", async () => {
    for (const order of [["prod-c", "prod-b", "prod-a"], ["prod-b", "prod-a", "prod-c"]]) {
      for (const name of order) await h.poll(name);
      expect(await stored()).toEqual(everyMemberNamesAll());
    }
  });

  it("the workload page of every member compares its peers as the findings do", async () => {
    const route = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET;
    const relations = async (cluster: string) => {
      const res = await route(new Request("http://test/x"), { params: Promise.resolve({ cluster, namespace: "shop", kind: "Deployment", name: "payments" }) } as never);
      expect(res.status).toBe(200);
      return ((await res.json()) as { elsewhere: { cluster: string; relation: string }[] }).elsewhere.map((e) => [e.cluster, e.relation]);
    };
    expect(await relations("prod-a")).toEqual([["prod-b", "same-release"], ["prod-c", "cross-cluster"]]);
    expect(await relations("prod-b")).toEqual([["prod-a", "same-release"], ["prod-c", "cross-cluster"]]);
    expect(await relations("prod-c")).toEqual([["prod-a", "cross-cluster"], ["prod-b", "cross-cluster"]]);
  });
});
