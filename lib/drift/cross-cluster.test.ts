import { describe, expect, it } from "vitest";
import { compareWithPeer, crossClusterFinding, type CrossClusterMember } from "./cross-cluster";
import { addCrossCluster, analyzeFleet } from "./fleet";
import { T0, cluster, deployment, digest, node, platformsOf, pod, running } from "./fixtures";
import { createReleaseResolver } from "./releases";
import type { WorkloadAnalysis } from "./types";

const X = digest("payments-1.4");
const Y = digest("payments-1.3");
const IMG_X = "reg.example/shop/payments:1.4";
const IMG_Y = "reg.example/shop/payments:1.3";

const payments = (d: string, image: string) =>
  deployment("shop", "payments").container("app", image).revision("r").pods([pod("p-1", "n1", "r", { app: running(d) }), pod("p-2", "n1", "r", { app: running(d) })]);
const prod = (name: string, d: string, image: string) => cluster(name, "prod", { nodes: [node("n1")], workloads: [payments(d, image)] });
const A = prod("prod-a", X, IMG_X);
const B = prod("prod-b", X, IMG_X);
const C = prod("prod-c", Y, IMG_Y);

const permutations = <T,>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));
const crossOf = (w: WorkloadAnalysis) => w.findings.filter((f) => f.kind === "cross-cluster");

// a and b run X, c runs Y: every member names the same three clusters and the same two builds.
const EXPECTED = [
  {
    kind: "cross-cluster",
    container: "app",
    severity: "warning",
    message: `Clusters of environment prod run 2 different builds of ${IMG_X} (prod-a, prod-b, prod-c)`,
    details: {
      environment: "prod",
      clusters: [
        { cluster: "prod-a", release: X, specImage: IMG_X },
        { cluster: "prod-b", release: X, specImage: IMG_X },
        { cluster: "prod-c", release: Y, specImage: IMG_Y },
      ],
      releases: [X, Y],
    },
  },
];

describe("three clusters of one environment disagree (a and b run X, c runs Y)", () => {
  it.each(permutations([A, B, C]).map((order) => [order.map((o) => o.cluster).join(" → "), order] as const))("analysed together in the order %s: every member names the same set", (_name, order) => {
    const f = analyzeFleet({ observations: order, resolutions: {}, indexes: {}, now: T0, settings: { floatingTag: "off" } });
    expect(f.workloads.map((w) => [w.cluster, crossOf(w)])).toEqual([
      ["prod-a", EXPECTED],
      ["prod-b", EXPECTED],
      ["prod-c", EXPECTED],
    ]);
  });

  // What a poll does (lib/server/poller/peers.ts): its own fresh analysis first, the peers' stored state after.
  const alone = (obs: typeof A) => analyzeFleet({ observations: [obs], resolutions: {}, indexes: {}, now: T0, settings: { floatingTag: "off" } }).workloads[0]!;
  it.each(
    permutations([A, B, C]).map((order) => [order[0]!.cluster, order.slice(1).map((o) => o.cluster).join(", "), order] as const),
  )("%s polled, peers stored as %s: it names the same set", (_own, _peers, order) => {
    const [own, ...peers] = order.map(alone);
    const [mine] = addCrossCluster([own!, ...peers], createReleaseResolver({}));
    expect(crossOf(mine!)).toEqual(EXPECTED);
  });
});

const IDX = digest("idx");
const AMD = digest("idx-amd");
const ARM = digest("idx-arm");
const resolver = createReleaseResolver({ [IDX]: platformsOf({ amd64: AMD, arm64: ARM }) });
const member = (name: string, releases: [string, number][]): CrossClusterMember => ({
  cluster: name,
  environment: "prod",
  containers: [{ name: "app", specImage: IMG_X, releases: releases.map(([release, pods]) => ({ release, pods })) }],
});

describe("the workload page and the findings judge a peer one way", () => {
  it.each([
    ["the same release", [[X, 2]], [[X, 2]], false, true],
    ["different releases", [[X, 2]], [[Y, 2]], true, false],
    ["index here, its child there", [[IDX, 2]], [[ARM, 1]], false, true],
    ["a split here whose majority runs what runs there", [[X, 4], [Y, 2]], [[X, 2]], false, true],
    ["a split here whose majority differs from there", [[Y, 4], [X, 2]], [[X, 2]], true, false],
    ["nothing running here yet", [], [[X, 2]], false, false],
  ] as const)("%s: cross-cluster finding %s, container matches %s", (name, here, there, isDrift, matches) => {
    const mine = member("prod-a", here.map(([r, n]) => [r, n]));
    const theirs = member("prod-b", there.map(([r, n]) => [r, n]));
    const finding = crossClusterFinding([mine, theirs], "app", resolver);
    expect(finding !== null).toBe(isDrift);
    const page = compareWithPeer(mine.containers, theirs.containers, resolver);
    expect(page.differs).toBe(isDrift);
    expect(page.containers.map((c) => [c.name, c.matches])).toEqual([["app", matches]]);
    expect(page.isComparable).toBe(name !== "nothing running here yet");
  });
});
