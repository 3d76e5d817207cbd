import { describe, expect, it } from "vitest";
import { analyzeFleet } from "./fleet";
import { T0, cluster, deployment, digest, node, platformsOf, pod, resolved, running } from "./fixtures";

const IMG = "reg.example/shop/checkout:2.4.1";
const R1 = digest("rel-1");
const R2 = digest("rel-2");
const IDX = digest("idx");
const AMD = digest("idx-amd");
const ARM = digest("idx-arm");

const checkoutOn = (d: string, image = IMG) =>
  deployment("shop", "checkout").container("app", image).revision("r").pods([pod("c-1", "n1", "r", { app: running(d) }), pod("c-2", "n1", "r", { app: running(d) })]);

const fleet = (clusters: ReturnType<typeof cluster>[], resolutions = {}, indexes = {}) =>
  analyzeFleet({ observations: clusters, resolutions, indexes, now: T0, settings: { floatingTag: "off" } });

describe("cross-cluster", () => {
  it("flags clusters of the same environment running different releases, on every member", () => {
    const f = fleet([
      cluster("prod-eu", "prod", { nodes: [node("n1")], workloads: [checkoutOn(R1)] }),
      cluster("prod-us", "prod", { nodes: [node("n1")], workloads: [checkoutOn(R2)] }),
    ]);
    expect(f.workloads.map((w) => [w.cluster, w.status, w.findings.map((x) => x.kind)])).toEqual([
      ["prod-eu", "drift", ["cross-cluster"]],
      ["prod-us", "drift", ["cross-cluster"]],
    ]);
    expect(f.workloads[0]?.findings[0]?.details).toMatchObject({
      environment: "prod",
      clusters: [
        { cluster: "prod-eu", release: R1 },
        { cluster: "prod-us", release: R2 },
      ],
    });
    expect(f.summary).toEqual({ workloads: 2, inSync: 0, drift: 2, byKind: { "cross-cluster": 2 } });
  });

  it("is in-sync when the clusters run the same release, even reported as index vs child", () => {
    const f = fleet(
      [
        cluster("prod-eu", "prod", { nodes: [node("n1")], workloads: [checkoutOn(IDX)] }),
        cluster("prod-us", "prod", { nodes: [node("n1", "arm64")], workloads: [checkoutOn(ARM)] }),
      ],
      {},
      { [IDX]: platformsOf({ amd64: AMD, arm64: ARM }) },
    );
    expect(f.workloads.every((w) => w.status === "in-sync" && w.findings.length === 0)).toBe(true);
  });

  it("is promotion lag, not drift, across environments", () => {
    const f = fleet([
      cluster("staging", "staging", { nodes: [node("n1")], workloads: [checkoutOn(R2, "reg.example/shop/checkout:2.5.0")] }),
      cluster("prod-eu", "prod", { nodes: [node("n1")], workloads: [checkoutOn(R1)] }),
    ]);
    expect(f.workloads.flatMap((w) => w.findings)).toEqual([]);
    expect(f.promotion).toEqual([
      {
        namespace: "shop",
        kind: "Deployment",
        name: "checkout",
        container: "app",
        isUniform: false,
        environments: [
          { environment: "prod", clusters: [{ cluster: "prod-eu", release: R1, specImage: IMG }] },
          { environment: "staging", clusters: [{ cluster: "staging", release: R2, specImage: "reg.example/shop/checkout:2.5.0" }] },
        ],
      },
    ]);
  });

  it("marks promotion uniform when environments agree", () => {
    const f = fleet([
      cluster("staging", "staging", { workloads: [checkoutOn(R1)] }),
      cluster("prod-eu", "prod", { workloads: [checkoutOn(R1)] }),
    ]);
    expect(f.promotion.map((p) => p.isUniform)).toEqual([true]);
  });

  it("does not compare clusters without an environment", () => {
    const f = fleet([cluster("a", null, { workloads: [checkoutOn(R1)] }), cluster("b", null, { workloads: [checkoutOn(R2)] })]);
    expect(f.workloads.flatMap((w) => w.findings)).toEqual([]);
    expect(f.promotion).toEqual([]);
  });

  it("compares workloads by namespace, kind and name", () => {
    const other = deployment("shop", "cart").container("app", IMG).revision("r").pods([pod("x", "n1", "r", { app: running(R2) })]);
    const f = fleet([cluster("prod-eu", "prod", { workloads: [checkoutOn(R1)] }), cluster("prod-us", "prod", { workloads: [other] })]);
    expect(f.workloads.flatMap((w) => w.findings)).toEqual([]);
  });

  it("combines with per-cluster findings and resolutions", () => {
    const f = analyzeFleet({
      observations: [
        cluster("prod-eu", "prod", { workloads: [checkoutOn(R1)] }),
        cluster("prod-us", "prod", { workloads: [checkoutOn(R2)] }),
      ],
      resolutions: resolved(IMG, R2),
      indexes: {},
      now: T0,
    });
    const eu = f.workloads.find((w) => w.cluster === "prod-eu");
    expect(eu?.findings.map((x) => x.kind)).toEqual(["tag-moved", "cross-cluster", "floating-tag"]);
    expect(f.summary.byKind).toEqual({ "tag-moved": 1, "cross-cluster": 2, "floating-tag": 2 });
  });
});
