import { describe, expect, it } from "vitest";
import { D1, D2, node, pod, running, waiting } from "./fixtures";
import { mapNode } from "./map-node";
import { mapPullFailureEvent } from "./map-event";
import { mapPod } from "./map-pod";
import { eventSchema, nodeSchema, podSchema } from "./schemas";

const parsePod = (o: unknown) => podSchema.parse(o);

describe("mapPod: imageID formats", () => {
  it.each([
    ["containerd", `registry.example.com/shop/api@${D1}`, { digest: D1, digestRepository: "registry.example.com/shop/api", isUnverifiable: false }],
    ["containerd, Docker Hub image", `docker.io/library/nginx@${D2}`, { digest: D2, digestRepository: "docker.io/library/nginx", isUnverifiable: false }],
    ["CRI-O (first repo digest it knows)", `quay.io/prometheus/node-exporter@${D1}`, { digest: D1, digestRepository: "quay.io/prometheus/node-exporter", isUnverifiable: false }],
    ["dockershim pullable", `docker-pullable://nginx@${D2}`, { digest: D2, digestRepository: "nginx", isUnverifiable: false }],
    ["dockershim local id", `docker://${D1}`, { digest: null, isUnverifiable: true }],
    ["kind load / ctr import", D1, { digest: null, isUnverifiable: true }],
    ["not pulled yet", "", { digest: null, isUnverifiable: false }],
  ])("%s: %s", (_, imageID, expected) => {
    const p = mapPod(parsePod(pod("api-1", { statuses: [running("app", imageID)] })), "pod-template-hash");
    expect(p.containers[0]).toMatchObject({ imageID, ...expected });
    if (expected.digest === null) expect(p.containers[0]!.digestRepository).toBeUndefined();
  });
});

describe("mapPod", () => {
  it("keeps node, revision, phase, readiness, creation time and per-container state", () => {
    const raw = pod("api-7d9f-abcde", {
      node: "eu-node-2",
      labels: { app: "api", "pod-template-hash": "7d9f" },
      ready: false,
      phase: "Pending",
      statuses: [waiting("app", "ImagePullBackOff", 'Back-off pulling image "registry.example.com/shop/api:1.8"')],
    });
    const p = mapPod(parsePod(raw), "pod-template-hash");
    expect(p).toMatchObject({ name: "api-7d9f-abcde", node: "eu-node-2", revision: "7d9f", phase: "Pending", ready: false, createdAt: "2026-11-20T10:00:00.000Z" });
    expect(p.containers[0]).toMatchObject({ state: "waiting", ready: false, waiting: { reason: "ImagePullBackOff", message: expect.stringContaining("Back-off") } });
  });

  it("reports init containers, and spec containers with no status yet as unknown", () => {
    const raw = pod("web-0", {
      node: null,
      containers: [{ name: "app", image: "web:2" }, { name: "sidecar", image: "envoy:1.31" }],
      initContainers: [{ name: "migrate", image: "web-migrate:2" }],
      initStatuses: [{ name: "migrate", image: "web-migrate:2", imageID: `docker.io/library/web-migrate@${D2}`, ready: false, restartCount: 1, state: { terminated: { exitCode: 0, reason: "Completed" } } }],
      statuses: [running("app", `docker.io/library/web@${D1}`, "docker.io/library/web:2")],
    });
    const p = mapPod(parsePod(raw), "controller-revision-hash");
    expect(p.node).toBeNull();
    expect(p.revision).toBeNull();
    expect(p.containers.map((c) => [c.name, c.isInit, c.state, c.imageID === "" ? "-" : c.digest, c.restartCount])).toEqual([
      ["migrate", true, "terminated", D2, 1],
      ["app", false, "running", D1, 0],
      ["sidecar", false, "unknown", "-", 0],
    ]);
    expect(p.containers[2]).toMatchObject({ image: "envoy:1.31", imageID: "", digest: null, ready: false });
  });

  it("accepts what @kubernetes/client-node deserialises (Dates instead of strings)", () => {
    const raw = pod("api-1", { statuses: [running("app", `r.example/x@${D1}`)] }) as { metadata: Record<string, unknown> };
    raw.metadata.creationTimestamp = new Date("2026-01-02T03:04:05Z");
    expect(mapPod(parsePod(raw), "pod-template-hash").createdAt).toBe("2026-01-02T03:04:05.000Z");
  });
});

describe("mapNode", () => {
  it("reads platform from nodeInfo, readiness, cordon and the image cache", () => {
    const n = mapNode(nodeSchema.parse(node("eu-node-1", { arch: "arm64", unschedulable: true, images: [{ names: [`r.example/shop/api@${D1}`, "r.example/shop/api:1.8"], sizeBytes: 1234 }, { names: null }] })));
    expect(n).toMatchObject({ name: "eu-node-1", os: "linux", architecture: "arm64", ready: true, unschedulable: true });
    expect(n.images).toEqual([{ names: [`r.example/shop/api@${D1}`, "r.example/shop/api:1.8"], sizeBytes: 1234 }, { names: [] }]);
    expect(n.variant).toBeUndefined();
  });

  it("falls back to the well-known labels and reads a variant label", () => {
    const raw = node("pi-1", { nodeInfo: false, ready: false, labels: { "kubernetes.io/arch": "arm", "kubernetes.io/os": "linux", "kubernetes.io/arch-variant": "v7" } });
    expect(mapNode(nodeSchema.parse(raw))).toMatchObject({ architecture: "arm", os: "linux", variant: "v7", ready: false, unschedulable: false });
  });
});

describe("mapPullFailureEvent", () => {
  const ev = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
    eventSchema.parse({
      metadata: { name: "search-1.17f", namespace: "shop", creationTimestamp: "2026-11-20T09:00:00Z" },
      type: "Warning", reason, message, involvedObject: { kind: "Pod", name: "search-1", namespace: "shop" }, lastTimestamp: "2026-11-20T10:05:00Z", ...extra,
    });
  const now = new Date("2026-11-20T11:00:00Z");

  it("keeps Failed/BackOff events about pulling", () => {
    expect(mapPullFailureEvent(ev("Failed", 'Failed to pull image "r/shop/search:1.2": not found'), now)).toEqual({
      namespace: "shop", pod: "search-1", reason: "Failed", message: 'Failed to pull image "r/shop/search:1.2": not found', lastSeen: "2026-11-20T10:05:00.000Z",
    });
    expect(mapPullFailureEvent(ev("BackOff", 'Back-off pulling image "r/shop/search:1.2"', { lastTimestamp: null, eventTime: "2026-11-20T10:06:00.000000Z" }), now)?.lastSeen).toBe("2026-11-20T10:06:00.000Z");
  });

  it("names the container from fieldPath and keeps the aggregated count", () => {
    const failed = ev("Failed", 'Failed to pull image "r/shop/search:1.2": not found', { count: 7, involvedObject: { kind: "Pod", name: "search-1", namespace: "shop", fieldPath: "spec.containers{app}" } });
    expect(mapPullFailureEvent(failed, now)).toEqual({
      namespace: "shop", pod: "search-1", container: "app", reason: "Failed", message: 'Failed to pull image "r/shop/search:1.2": not found', lastSeen: "2026-11-20T10:05:00.000Z", count: 7,
    });
    const init = ev("Failed", "Error: ImagePullBackOff", { series: { count: 3, lastObservedTime: "2026-11-20T10:07:00Z" }, involvedObject: { kind: "Pod", name: "search-1", fieldPath: "spec.initContainers{migrate}" } });
    expect(mapPullFailureEvent(init, now)).toMatchObject({ container: "migrate", count: 3 });
  });

  it("drops crash loops, other reasons, normal events and events about other objects", () => {
    expect(mapPullFailureEvent(ev("BackOff", "Back-off restarting failed container app in pod search-1"), now)).toBeNull();
    expect(mapPullFailureEvent(ev("FailedScheduling", "0/3 nodes are available: image not found"), now)).toBeNull();
    expect(mapPullFailureEvent(ev("Failed", "Failed to pull image x", { type: "Normal" }), now)).toBeNull();
    expect(mapPullFailureEvent(ev("Failed", "Failed to pull image x", { involvedObject: { kind: "Node", name: "n1" } }), now)).toBeNull();
  });
});
