import { describe, expect, it } from "vitest";
import { analyzeOne, daemonSet, deployment, digest, failed, kindsOf, local, node, platformsOf, pod, resolved, running, waiting } from "./fixtures";
import type { RegistryErrorCode } from "./observation";

const IMG = "reg.example/shop/checkout:2.4.1";
const OLD = digest("checkout-old");
const NEW = digest("checkout-new");
const IDX = digest("checkout-index");
const AMD = digest("checkout-amd64");
const ARM = digest("checkout-arm64");
const AMD_ONLY_IDX = digest("amd-only-index");
const checkout = () => deployment("shop", "checkout").container("app", IMG).revision("7d9f");
const allOn = (d: string, n = 3) => checkout().pods(Array.from({ length: n }, (_, i) => pod(`c-${i}`, `n${i}`, "7d9f", { app: running(d) })));

describe("tag-moved", () => {
  it("fires when the tag now resolves to a release no running pod has", () => {
    const a = analyzeOne(allOn(OLD), { resolutions: resolved(IMG, NEW) });
    const f = a.findings.find((x) => x.kind === "tag-moved");
    expect(f).toMatchObject({ severity: "warning", container: "app" });
    expect(f?.details).toMatchObject({ resolvedDigest: NEW, runningReleases: [OLD], reference: "reg.example/shop/checkout:2.4.1" });
    expect(a.status).toBe("drift");
  });

  it("says when the tag moved, from stored history", () => {
    const a = analyzeOne(allOn(OLD), {
      resolutions: resolved(IMG, NEW),
      tagMoves: { "reg.example/shop/checkout:2.4.1": { at: "2026-11-02T09:48:00.000Z", fromDigest: OLD, toDigest: NEW } },
    });
    expect(a.findings.find((x) => x.kind === "tag-moved")?.message).toContain("(moved at 2026-11-02 09:48 UTC)");
  });

  it.each([
    ["all pods on the resolved release", allOn(NEW), resolved(IMG, NEW)],
    ["some pods on it (that is skew, not a move)", checkout().pods([pod("a", "n1", "7d9f", { app: running(NEW) }), pod("b", "n2", "7d9f", { app: running(OLD) })]), resolved(IMG, NEW)],
    ["the tag resolves to the index and pods report children", allOn(AMD), resolved(IMG, IDX, platformsOf({ amd64: AMD, arm64: ARM }))],
    ["the registry is unreachable", allOn(OLD), failed(IMG, "UNREACHABLE")],
    ["no resolution yet", allOn(OLD), {}],
    ["no pod runs yet", checkout().pods([pod("a", "n1", "7d9f", { app: waiting("ContainerCreating") })]), resolved(IMG, NEW)],
    ["only locally loaded images run", checkout().pods([pod("a", "n1", "7d9f", { app: local(digest("cfg")) })]), resolved(IMG, NEW)],
  ])("does not fire when %s", (_name, w, resolutions) => {
    expect(kindsOf(analyzeOne(w, { resolutions }))).not.toContain("tag-moved");
  });
});

describe("tag-missing", () => {
  it.each(["MANIFEST_UNKNOWN", "NAME_UNKNOWN"] as const)("is critical on %s", (code) => {
    const a = analyzeOne(allOn(NEW), { resolutions: failed(IMG, code) });
    const f = a.findings.find((x) => x.kind === "tag-missing");
    expect(f).toMatchObject({ severity: "critical", details: { code, pinned: false } });
    expect(f?.message).toBe("shop/checkout:2.4.1 no longer exists in the registry: the next pod that has to pull it will fail");
  });

  it("applies to a pinned digest that is gone", () => {
    const image = `reg.example/shop/checkout@${NEW}`;
    const w = deployment("shop", "checkout").container("app", image).revision("r").pods([pod("a", "n1", "r", { app: running(NEW) })]);
    const a = analyzeOne(w, { resolutions: failed(image, "MANIFEST_UNKNOWN") });
    expect(a.findings.map((f) => [f.kind, f.details.pinned])).toEqual([["tag-missing", true]]);
  });

  it.each(["UNAUTHORIZED", "UNREACHABLE", "TOO_MANY_REQUESTS"] as const)("is not raised for %s", (code) => {
    expect(kindsOf(analyzeOne(allOn(NEW), { resolutions: failed(IMG, code) }))).not.toContain("tag-missing");
  });
});

describe("platform-gap", () => {
  const amd = [node("amd-1"), node("amd-2")];
  const mixed = [...amd, node("arm-1", "arm64")];
  const amdOnly = resolved(IMG, AMD_ONLY_IDX, platformsOf({ amd64: digest("x-amd") }));
  const gapOf = (w: ReturnType<typeof checkout>, nodes: ReturnType<typeof node>[], resolutions = amdOnly) =>
    analyzeOne(w, { nodes, resolutions }).findings.find((f) => f.kind === "platform-gap");

  it("fires when an eligible node's platform is missing, listing platforms and nodes", () => {
    const f = gapOf(allOn(AMD_ONLY_IDX, 2), mixed);
    expect(f?.severity).toBe("warning");
    expect(f?.details).toMatchObject({ missing: [{ platform: { os: "linux", architecture: "arm64" }, nodes: ["arm-1"] }], nodes: ["arm-1"] });
    expect(f?.message).toBe("shop/checkout:2.4.1 has no linux/arm64 image: 1 eligible node cannot run it");
  });

  it.each([
    ["all nodes are amd64", amd, {}],
    ["the arm64 node is cordoned", [...amd, node("arm-1", "arm64", { unschedulable: true })], {}],
    ["affinity allows amd64 only", mixed, { allowedArchitectures: ["amd64"] }],
    ["a nodeSelector excludes the arm64 node", mixed, { nodeSelector: { "kubernetes.io/arch": "amd64" } }],
  ])("does not fire when %s", (_name, nodes, extra) => {
    expect(gapOf(allOn(AMD_ONLY_IDX, 2).with(extra), nodes)).toBeUndefined();
  });

  it("fires critically when the nodeSelector allows only arm64 and the image is amd64-only", () => {
    const f = gapOf(allOn(AMD_ONLY_IDX, 1).with({ nodeSelector: { "kubernetes.io/arch": "arm64" } }), mixed);
    expect(f).toMatchObject({ severity: "critical", details: { nodes: ["arm-1"], eligibleNodes: 1 } });
  });

  it("is critical for a DaemonSet, which will schedule on every eligible node", () => {
    const ds = daemonSet("kube-system", "agent").container("app", IMG).revision("d").pods([pod("a", "amd-1", "d", { app: running(AMD_ONLY_IDX) })]);
    expect(analyzeOne(ds, { nodes: mixed, resolutions: amdOnly }).findings.find((f) => f.kind === "platform-gap")?.severity).toBe("critical");
  });

  it("matches variants: arm64/v8 equals arm64, arm/v7 differs from arm/v6", () => {
    const armIdx = resolved(IMG, digest("arm-idx"), platformsOf({ "arm64/v8": digest("a8"), "arm/v6": digest("a6") }));
    expect(gapOf(allOn(AMD, 1), [node("arm-1", "arm64")], armIdx)).toBeUndefined();
    const f = gapOf(allOn(AMD, 1), [node("pi", "arm", { variant: "v7" })], armIdx);
    expect(f?.details.nodes).toEqual(["pi"]);
  });

  it("ignores attestation entries (unknown/unknown) as platforms", () => {
    const withAttestation = resolved(IMG, IDX, [...platformsOf({ amd64: AMD }), { os: "unknown", architecture: "unknown", digest: digest("att") }]);
    expect(gapOf(allOn(IDX, 1), mixed, withAttestation)?.details.imagePlatforms).toEqual(["linux/amd64"]);
  });

  it("does not guess the platform of a single manifest, but uses it when known", () => {
    const single = resolved(IMG, NEW);
    expect(gapOf(allOn(NEW, 1), mixed, single)).toBeUndefined();
    const a = analyzeOne(allOn(NEW, 1), { nodes: mixed, resolutions: single, manifestPlatforms: { [NEW]: { os: "linux", architecture: "amd64" } } });
    expect(a.findings.find((f) => f.kind === "platform-gap")?.details.nodes).toEqual(["arm-1"]);
  });

  it("checks a pin to a child digest against that one platform", () => {
    const image = `reg.example/shop/checkout@${AMD}`;
    const w = deployment("shop", "checkout").container("app", image).revision("r").pods([pod("a", "amd-1", "r", { app: running(AMD) })]);
    const a = analyzeOne(w, { nodes: mixed, indexes: { [IDX]: platformsOf({ amd64: AMD, arm64: ARM }) } });
    expect(a.findings.find((f) => f.kind === "platform-gap")?.details.nodes).toEqual(["arm-1"]);
  });
});

describe("floating-tag", () => {
  const withImage = (image: string) => deployment("web", "site").container("app", image).revision("r").pods([pod("a", "n1", "r", { app: running(NEW) })]);

  it.each([
    ["a versioned tag is info, in-sync", "reg.example/web/site:1.2", "info", "in-sync"],
    ["latest is a warning", "reg.example/web/site:latest", "warning", "drift"],
    ["no tag is a warning", "reg.example/web/site", "warning", "drift"],
    ["docker hub short names too", "nginx", "warning", "drift"],
  ])("%s", (_name, image, severity, status) => {
    const a = analyzeOne(withImage(image), { resolutions: resolved(image, NEW) });
    expect(a.findings.map((f) => [f.kind, f.severity])).toEqual([["floating-tag", severity]]);
    expect(a.status).toBe(status);
  });

  it("names the pull policy for latest", () => {
    const a = analyzeOne(withImage("nginx"), { resolutions: resolved("nginx", NEW) });
    expect(a.findings[0]?.message).toBe("library/nginx:latest floats: with pull policy Always any restart may run different bytes");
  });

  it.each([
    ["latest-only", "reg.example/web/site:1.2", 0],
    ["latest-only", "reg.example/web/site:latest", 1],
    ["off", "reg.example/web/site:latest", 0],
  ] as const)("policy %s on %s gives %i findings", (policy, image, count) => {
    expect(analyzeOne(withImage(image), { resolutions: resolved(image, NEW), settings: { floatingTag: policy } }).findings).toHaveLength(count);
  });
});

describe("unverifiable", () => {
  it.each([
    ["docker://sha256 config id", local(digest("cfg"), "docker")],
    ["bare sha256 config id (kind load)", local(digest("cfg"), "bare")],
  ])("flags a %s as a warning", (_name, status) => {
    const a = analyzeOne(checkout().pods([pod("a", "n1", "7d9f", { app: status })]), { settings: { floatingTag: "off" } });
    expect(a.findings.map((f) => [f.kind, f.severity, f.details.reason])).toEqual([["unverifiable", "warning", "bare-config-id"]]);
    expect(a.containers[0]?.releases[0]).toMatchObject({ release: `unverifiable:${digest("cfg")}`, unverifiable: true });
  });

  it.each([
    ["UNAUTHORIZED", "warning"],
    ["DENIED", "warning"],
    ["UNREACHABLE", "info"],
    ["TOO_MANY_REQUESTS", "info"],
    ["INVALID_RESPONSE", "info"],
  ] as [RegistryErrorCode, string][])("reports a registry %s as %s", (code, severity) => {
    const a = analyzeOne(allOn(NEW), { resolutions: failed(IMG, code), settings: { floatingTag: "off" } });
    expect(a.findings.map((f) => [f.kind, f.severity, f.details.reason])).toEqual([["unverifiable", severity, code]]);
  });

  it("is not raised for a verified digest", () => {
    expect(kindsOf(analyzeOne(allOn(NEW), { resolutions: resolved(IMG, NEW) }))).not.toContain("unverifiable");
  });
});

describe("pull-failing", () => {
  it("classifies each pod and picks a primary reason", () => {
    const w = checkout().pods([
      pod("a", "n1", "7d9f", { app: running(NEW) }),
      pod("b", "n2", "7d9f", { app: waiting("ErrImagePull", "reading manifest 2.4.1 in reg.example/shop/checkout: manifest unknown") }),
      pod("c", "n3", "7d9f", { app: waiting("ImagePullBackOff", "Back-off pulling image") }),
    ]);
    const f = analyzeOne(w, { resolutions: resolved(IMG, NEW) }).findings.find((x) => x.kind === "pull-failing");
    expect(f).toMatchObject({ severity: "critical", details: { reason: "manifest-unknown", classes: ["manifest-unknown", "other"], nodes: ["n2", "n3"] } });
    expect(f?.message).toBe("2 pods cannot pull shop/checkout:2.4.1: the tag or digest is not in the registry");
  });

  it("reads the pod's last pull event when the back-off message says nothing", () => {
    const w = checkout().pods([pod("c", "arm-1", "7d9f", { app: waiting("ImagePullBackOff", 'Back-off pulling image "x"') })]);
    const events = [
      { namespace: "shop", pod: "c", reason: "Failed", message: "old: unauthorized", lastSeen: "2026-11-02T09:00:00Z" },
      { namespace: "shop", pod: "c", reason: "Failed", message: "no match for platform in manifest: not found", lastSeen: "2026-11-02T09:59:00Z" },
      { namespace: "other", pod: "c", reason: "Failed", message: "denied", lastSeen: "2026-11-02T09:59:30Z" },
    ];
    const f = analyzeOne(w, { events }).findings.find((x) => x.kind === "pull-failing");
    expect(f?.details.reason).toBe("platform");
  });

  it("ignores pods waiting for other reasons", () => {
    const w = checkout().pods([pod("a", "n1", "7d9f", { app: waiting("ContainerCreating") }), pod("b", "n1", "7d9f", { app: waiting("CrashLoopBackOff") })]);
    expect(kindsOf(analyzeOne(w))).not.toContain("pull-failing");
  });
});
