// The simulated kubelet over time: pull attempts and back-off recorded as a real kubelet does
// (aggregated events with counts), the cause lib/drift reads from them after many back-offs,
// scheduling by node affinity, per-runtime imageIDs and the `repo:tag@build:NAME` sugar.
import { describe, expect, it } from "vitest";
import { pullFailureCause } from "@/lib/drift/pull-cause";
import { mapPullFailureEvent } from "@/lib/kube/map-event";
import { eventSchema } from "@/lib/kube/schemas";
import { parseFleet, type FleetFile } from "./fleet";
import { RegistryModel } from "./registry";
import { ClusterWorld } from "./world";

const HOST = "127.0.0.1:5000";

function world(cluster: FleetFile["clusters"][number]) {
  const fleet = parseFleet({
    registry: { builds: { "api-1": { platforms: ["linux/amd64", "linux/arm64"] }, "arm-1": { platforms: ["linux/arm64"], index: true } }, repositories: { "team/api": { history: ["api-1"] }, "team/arm": { tags: { "1": "arm-1" } } } },
    clusters: [cluster],
  });
  const m = new RegistryModel();
  for (const [name, b] of Object.entries(fleet.registry.builds)) m.addBuild({ name, ...b });
  for (const [repo, r] of Object.entries(fleet.registry.repositories)) for (const b of r.history) m.push(repo, b);
  m.setTag("team/arm", "1", "arm-1");
  const w = new ClusterWorld(fleet.clusters[0]!, m, HOST, () => undefined, (image) => `${HOST}/${image}`);
  w.init();
  return { w, m };
}

const pods = (w: ClusterWorld) => [...w.store.peek("pods")].map((p) => structuredClone(p));
const events = (w: ClusterWorld) =>
  [...w.store.peek("events")].map((e) => e as unknown as { type: string; reason: string; message: string; count: number; firstTimestamp: string; lastTimestamp: string; involvedObject: { name: string; fieldPath: string } });
const waitingOf = (p: ReturnType<typeof pods>[number]) => (p.status as { containerStatuses: { state: { waiting?: { reason: string; message: string } } }[] }).containerStatuses[0]!.state.waiting;

describe("pull back-off in the simulated kubelet", () => {
  const fleet = { name: "c", environment: "e", nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment" as const, namespace: "team", name: "api", containers: [{ name: "app", image: "team/api:gone" }] }] };

  it("records each attempt and back-off once per message, with counts and one-second timestamps", () => {
    const { w } = world(fleet);
    const image = `${HOST}/team/api:gone`;
    expect(waitingOf(pods(w)[0]!)?.reason).toBe("ErrImagePull");
    for (let i = 0; i < 12; i++) w.tick();
    const cause = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
    const byMessage = Object.fromEntries(events(w).map((e) => [`${e.type} ${e.reason} ${e.message}`, e.count]));
    const attempts = byMessage[`Normal Pulling Pulling image "${image}"`]!;
    const backoffs = byMessage[`Normal BackOff Back-off pulling image "${image}"`]!;
    expect(byMessage).toEqual({
      [`Normal Pulling Pulling image "${image}"`]: attempts,
      [`Warning Failed Failed to pull image "${image}": ${cause}`]: attempts,
      "Warning Failed Error: ErrImagePull": attempts,
      [`Normal BackOff Back-off pulling image "${image}"`]: backoffs,
      "Warning Failed Error: ImagePullBackOff": backoffs,
    });
    // Pulls at creation, after 2 and after 4 back-off ticks (ticks 3 and 8); the other 10 ticks back off.
    expect([attempts, backoffs]).toEqual([3, 10]);
    for (const e of events(w)) {
      expect(e.lastTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(e.involvedObject.fieldPath).toBe("spec.containers{app}");
    }
    expect(waitingOf(pods(w)[0]!)).toEqual({ reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` });
  });

  it("leaves lib/drift the cause after many back-offs, through the collector's mapping", () => {
    const { w } = world(fleet);
    for (let i = 0; i < 20; i++) w.tick();
    const now = new Date();
    const mapped = events(w)
      .filter((e) => e.type === "Warning")
      .map((e) => mapPullFailureEvent(eventSchema.parse(e), now))
      .filter((e) => e !== null);
    const pod = pods(w)[0]!;
    expect(pullFailureCause(waitingOf(pod)!, mapped.filter((e) => e.pod === pod.metadata.name)).class).toBe("manifest-unknown");
  });

  it("starts the pod at the next attempt once the image exists", () => {
    const { w, m } = world(fleet);
    w.tick();
    m.setTag("team/api", "gone", "api-1");
    for (let i = 0; i < 3; i++) w.tick();
    expect((pods(w)[0]!.status as { phase: string }).phase).toBe("Running");
  });
});

describe("scheduling and imageIDs", () => {
  it("keeps an arm64-only image on arm64 nodes by required node affinity", () => {
    const { w } = world({
      name: "c", environment: "e",
      nodes: [{ name: "amd-1" }, { name: "arm-1", arch: "arm64" }, { name: "amd-2" }],
      workloads: [{ kind: "Deployment", namespace: "team", name: "arm", replicas: 3, nodeAffinity: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }], containers: [{ name: "app", image: "team/arm:1" }] }],
    });
    expect(pods(w).map((p) => [(p.spec as { nodeName: string }).nodeName, (p.status as { phase: string }).phase])).toEqual([["arm-1", "Running"], ["arm-1", "Running"], ["arm-1", "Running"]]);
    expect((pods(w)[0]!.spec as { affinity: unknown }).affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }] }] } } });
  });

  it("reports each node runtime's imageID form for one multi-arch release", () => {
    const { w, m } = world({
      name: "c", environment: "e",
      nodes: [{ name: "ctrd" }, { name: "crio", runtime: "cri-o" }, { name: "crio-arm", arch: "arm64", runtime: "cri-o" }, { name: "dock", runtime: "docker" }],
      workloads: [{ kind: "Deployment", namespace: "team", name: "api", replicas: 4, containers: [{ name: "app", image: `team/api@${"sha256:" + "0".repeat(64)}` }] }],
    });
    const index = m.lookup("team/api", m.digestOfBuild("team/api", "api-1"))!;
    const child = (arch: string) => index.platforms.find((p) => p.architecture === arch)!.digest;
    const pinned = `${HOST}/team/api@${index.digest}`;
    for (const p of pods(w)) w.deletePod(p);
    const d = w.findWorkload("team", "Deployment", "api");
    w.store.update("deployments", { ...d, spec: { ...(d.spec as object), template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "app", image: pinned }] } } } });
    w.reconcile("Deployment", "team", "api");
    const ids = Object.fromEntries(pods(w).map((p) => [(p.spec as { nodeName: string }).nodeName, (p.status as { containerStatuses: { imageID: string }[] }).containerStatuses[0]!.imageID]));
    expect(ids).toEqual({
      ctrd: `${HOST}/team/api@${index.digest}`,
      crio: `${HOST}/team/api@${child("amd64")}`,
      "crio-arm": `${HOST}/team/api@${child("arm64")}`,
      dock: `docker-pullable://${HOST}/team/api@${index.digest}`,
    });
  });
});

describe("`repo:tag@build:NAME` in a fleet file", () => {
  const base = (image: string) => ({
    registry: { builds: { "api-1": {} }, repositories: {} },
    clusters: [{ name: "c", environment: "e", nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment", namespace: "t", name: "a", containers: [{ name: "app", image }] }] }],
  });

  it.each([
    ["team/api:1.8@build:nope", /clusters\.0\.workloads\.0\.containers\.0\.image: "team\/api:1\.8@build:nope": unknown build "nope"/],
    ["reg.example/team/api:1.8@build:api-1", /without a registry host/],
    ["Team/API@build:api-1", /is not a repository name/],
  ])("rejects %s at load with a clear message", (image, message) => {
    expect(() => parseFleet(base(image))).toThrow(message);
  });

  it.each(["team/api@build:api-1", "team/api:1.8@build:api-1"])("accepts %s", (image) => {
    expect(parseFleet(base(image)).clusters[0]!.workloads[0]!.containers[0]!.image).toBe(image);
  });
});
