import { describe, expect, it } from "vitest";
import { digest, platformsOf } from "./fixtures";
import { detectGitOps } from "./gitops";
import { neededChildren, pinnedImage, planPin, splitImage, unpinnedImage, type PinPlanInput, type PinTarget } from "./pin-plan";
import { rolloutStatus } from "./rollout-status";

const IDX = digest("idx");
const AMD = digest("amd");
const ARM = digest("arm");
const OLD = digest("old");
const REG = "127.0.0.1:5000";

const nodes = [
  { name: "n1", os: "linux", architecture: "amd64" },
  { name: "n2", os: "linux", architecture: "amd64" },
  { name: "n3", os: "linux", architecture: "arm64" },
];
const okTarget = (d = IDX, children: PinTarget["children"] = { [AMD]: "ok", [ARM]: "ok" }): PinTarget => ({
  digest: d,
  registry: { status: "ok", mediaType: "application/vnd.oci.image.index.v1+json", platforms: platformsOf({ amd64: AMD, arm64: ARM }) },
  children,
});

function input(o: Partial<PinPlanInput> = {}): PinPlanInput {
  return {
    action: "pin",
    workload: { kind: "Deployment", namespace: "shop", name: "checkout", paused: false, containers: [{ name: "app", image: `${REG}/shop/checkout:2.4.1` }] },
    container: "app",
    target: okTarget(),
    nodes,
    rollout: null,
    managers: [],
    ...o,
  };
}
const codes = (p: ReturnType<typeof planPin>) => ({ refusals: p.refusals.map((r) => r.code).sort(), warnings: p.warnings.map((w) => w.code).sort() });

describe("image strings", () => {
  it.each([
    [`${REG}/shop/checkout:2.4.1`, { name: `${REG}/shop/checkout`, tag: "2.4.1" }],
    [`${REG}/shop/checkout`, { name: `${REG}/shop/checkout` }],
    [`${REG}/shop/checkout:2.4.1@${OLD}`, { name: `${REG}/shop/checkout`, tag: "2.4.1", digest: OLD }],
    [`${REG}/shop/checkout@${OLD}`, { name: `${REG}/shop/checkout`, digest: OLD }],
    ["nginx", { name: "nginx" }],
  ])("splitImage(%s)", (image, parts) => {
    expect(splitImage(image)).toEqual(parts);
  });

  it.each([
    [`${REG}/shop/checkout:2.4.1`, `${REG}/shop/checkout:2.4.1@${IDX}`],
    [`${REG}/shop/checkout:2.4.1@${OLD}`, `${REG}/shop/checkout:2.4.1@${IDX}`],
    [`${REG}/shop/checkout@${OLD}`, `${REG}/shop/checkout@${IDX}`],
  ])("pinnedImage keeps the tag for humans: %s", (from, to) => {
    expect(pinnedImage(from, IDX)).toBe(to);
  });

  it("unpinnedImage goes back to the tag, or to a named one", () => {
    expect(unpinnedImage(`${REG}/shop/checkout:2.4.1@${OLD}`)).toBe(`${REG}/shop/checkout:2.4.1`);
    expect(unpinnedImage(`${REG}/shop/checkout@${OLD}`)).toBeNull();
    expect(unpinnedImage(`${REG}/shop/checkout@${OLD}`, "2.5")).toBe(`${REG}/shop/checkout:2.5`);
  });
});

describe("planPin", () => {
  it("plans the chosen container, keeping the tag, with the platforms the nodes need covered", () => {
    const p = planPin(input());
    expect(p).toEqual({
      isAllowed: true, action: "pin", container: "app",
      fromImage: `${REG}/shop/checkout:2.4.1`, toImage: `${REG}/shop/checkout:2.4.1@${IDX}`,
      refusals: [], warnings: [],
      coverage: [
        { platform: "linux/amd64", nodes: ["n1", "n2"], digest: AMD, isCovered: true },
        { platform: "linux/arm64", nodes: ["n3"], digest: ARM, isCovered: true },
      ],
    });
    expect(neededChildren(platformsOf({ amd64: AMD, arm64: ARM, "arm/v7": digest("v7") }), nodes)).toEqual([AMD, ARM].sort());
  });

  it("refuses a digest gone from the registry: immutable is not immortal", () => {
    const p = planPin(input({ target: { digest: IDX, registry: { status: "missing", message: "MANIFEST_UNKNOWN" }, children: {} } }));
    expect(codes(p)).toEqual({ refusals: ["MANIFEST_UNKNOWN"], warnings: [] });
    expect(p.refusals[0]!.message).toMatch(/immutable is not immortal/);
    expect(p.isAllowed).toBe(false);
  });

  it("refuses when an index child a node platform needs is gone while the index stays", () => {
    const p = planPin(input({ target: okTarget(IDX, { [AMD]: "ok", [ARM]: "missing" }) }));
    expect(codes(p)).toEqual({ refusals: ["MANIFEST_UNKNOWN"], warnings: [] });
    expect(p.refusals[0]!.details).toEqual({ digest: ARM, index: IDX, platform: "linux/arm64" });
  });

  it("refuses a platform gap, naming the platform and its nodes", () => {
    const target: PinTarget = { digest: IDX, registry: { status: "ok", platforms: platformsOf({ arm64: ARM }) }, children: { [ARM]: "ok" } };
    const p = planPin(input({ target }));
    expect(codes(p)).toEqual({ refusals: ["PLATFORM_GAP"], warnings: [] });
    expect(p.refusals[0]!.message).toBe(`${IDX} has no linux/amd64 image, but the workload can be scheduled on linux/amd64 nodes n1, n2`);
  });

  it("checks a single manifest's own platform", () => {
    const target: PinTarget = { digest: AMD, registry: { status: "ok", platforms: [], platform: { os: "linux", architecture: "amd64" } }, children: {} };
    expect(codes(planPin(input({ target })))).toEqual({ refusals: ["PLATFORM_GAP"], warnings: [] });
    const unknown: PinTarget = { digest: AMD, registry: { status: "ok", platforms: [] }, children: {} };
    expect(codes(planPin(input({ target: unknown })))).toEqual({ refusals: [], warnings: ["PLATFORMS_UNKNOWN"] });
  });

  it("refuses a paused workload unless overridden, then warns", () => {
    const paused = { kind: "Deployment", namespace: "shop", name: "checkout", paused: true, containers: [{ name: "app", image: `${REG}/shop/checkout:2.4.1` }] };
    expect(codes(planPin(input({ workload: paused })))).toEqual({ refusals: ["PAUSED"], warnings: [] });
    expect(codes(planPin(input({ workload: paused, override: { paused: true } })))).toEqual({ refusals: [], warnings: ["PAUSED"] });
  });

  it("lists every reason at once", () => {
    const managers = detectGitOps([{ group: "apps", kind: "Deployment", namespace: "shop", name: "checkout", labels: {}, annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/checkout" }, managers: [] }]);
    const p = planPin(input({
      workload: { kind: "Deployment", namespace: "shop", name: "checkout", paused: true, containers: [{ name: "app", image: `${REG}/shop/checkout:2.4.1` }] },
      target: { digest: IDX, registry: { status: "ok", platforms: platformsOf({ arm64: ARM }) }, children: { [ARM]: "missing" } },
      managers,
    }));
    expect(codes(p)).toEqual({ refusals: ["GITOPS_MANAGED", "MANIFEST_UNKNOWN", "PAUSED", "PLATFORM_GAP"], warnings: [] });
  });

  it("warns (never refuses) on a rollout in progress, saying how far it got, and on a release rolled away from while failing", () => {
    const rollout = rolloutStatus({ kind: "Deployment", generation: 4, observedGeneration: 4, desired: 6, replicas: 8, updated: 2, ready: 5, available: 5, progressingReason: "ProgressDeadlineExceeded" });
    const p = planPin(input({ rollout, rolledAwayWhileFailing: [{ release: IDX, at: "2026-11-02T10:30:00.000Z", reason: "1 of 3 replicas ready" }] }));
    expect(codes(p)).toEqual({ refusals: [], warnings: ["ROLLED_AWAY_WHILE_FAILING", "ROLLOUT_IN_PROGRESS"] });
    expect(p.warnings.find((w) => w.code === "ROLLOUT_IN_PROGRESS")!.message).toBe("a rollout is stuck (progress deadline exceeded): 2 of 6 updated, 5 ready, 6 old replicas left. This change replaces it");
    expect(p.isAllowed).toBe(true);
  });

  it("Argo CD with a matching tracking id refuses unless overridden; a weak hint only warns", () => {
    const meta = { group: "apps", kind: "Deployment", namespace: "shop", name: "checkout", annotations: {}, managers: [] };
    const strong = detectGitOps([{ ...meta, labels: {}, annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/checkout" } }]);
    expect(codes(planPin(input({ managers: strong })))).toEqual({ refusals: ["GITOPS_MANAGED"], warnings: [] });
    expect(codes(planPin(input({ managers: strong, override: { gitops: true } })))).toEqual({ refusals: [], warnings: ["GITOPS_MANAGED"] });
    const weak = detectGitOps([{ ...meta, labels: { "app.kubernetes.io/instance": "checkout" } }]);
    expect(codes(planPin(input({ managers: weak })))).toEqual({ refusals: [], warnings: ["GITOPS_MANAGED"] });
  });

  it("refuses an unknown container, a bad digest and a no-op", () => {
    expect(codes(planPin(input({ container: "sidecar" })))).toEqual({ refusals: ["CONTAINER_UNKNOWN"], warnings: [] });
    expect(codes(planPin(input({ target: { ...okTarget(), digest: "sha256:xyz" } })))).toEqual({ refusals: ["INVALID_DIGEST"], warnings: [] });
    const pinned = { kind: "Deployment", namespace: "shop", name: "checkout", paused: false, containers: [{ name: "app", image: `${REG}/shop/checkout:2.4.1@${IDX}` }] };
    expect(codes(planPin(input({ workload: pinned })))).toEqual({ refusals: ["NO_CHANGE"], warnings: [] });
  });

  it("unpins back to the tag; a digest-only image needs a tag", () => {
    const pinned = (image: string) => ({ kind: "Deployment", namespace: "shop", name: "checkout", paused: false, containers: [{ name: "app", image }] });
    const p = planPin(input({ action: "unpin", target: undefined, workload: pinned(`${REG}/shop/checkout:2.4.1@${IDX}`) }));
    expect([p.isAllowed, p.toImage]).toEqual([true, `${REG}/shop/checkout:2.4.1`]);
    expect(codes(planPin(input({ action: "unpin", target: undefined, workload: pinned(`${REG}/shop/checkout@${IDX}`) })))).toEqual({ refusals: ["NO_TAG"], warnings: [] });
    expect(codes(planPin(input({ action: "unpin", target: undefined })))).toEqual({ refusals: ["NO_CHANGE"], warnings: [] });
    // The tag it goes back to must still be pullable.
    const gone = { digest: `${REG}/shop/checkout:2.4.1`, registry: { status: "missing" as const, message: "MANIFEST_UNKNOWN" }, children: {} };
    expect(codes(planPin(input({ action: "unpin", target: gone, workload: pinned(`${REG}/shop/checkout:2.4.1@${IDX}`) })))).toEqual({ refusals: ["MANIFEST_UNKNOWN"], warnings: [] });
  });
});
