// Test fixtures: a small DSL for concise observations, e.g.
//   deployment("shop", "checkout").container("app", "reg.example/shop/checkout:2.4.1").revision("7d9f")
//     .pods([pod("checkout-1", "n1", "7d9f", { app: running(digest("a")) })]).build()
// Used by lib/drift tests (and any test that needs observations); not exported from index.ts.
import { analyzeWorkload } from "./analyze";
import { fnv1a64 } from "./hash";
import type {
  ClusterObservation,
  ContainerSpec,
  ContainerStatusObservation,
  ImageRef,
  NodeObservation,
  PlatformManifest,
  PodObservation,
  PullFailureEvent,
  RegistryErrorCode,
  TagResolution,
  WorkloadKind,
  WorkloadObservation,
} from "./observation";
import { digestReferenceKey, tagReferenceKey } from "./reference";
import type { IndexMap } from "./releases";
import type { DriftSettings, WorkloadAnalysis, WorkloadInput } from "./types";

export const T0 = "2026-11-02T10:00:00.000Z";

/** A deterministic, valid-looking sha256 digest from a seed. */
export function digest(seed: string): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++) hex += fnv1a64(`${seed}#${i}`);
  return `sha256:${hex.slice(0, 64)}`;
}

/** Minimal reference parser for fixtures (the real one lives in lib/oci). */
export function parseRef(image: string): ImageRef | null {
  if (!image || /\s/.test(image)) return null;
  const [name, digestPart] = image.split("@") as [string, string | undefined];
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const parts = path.split("/");
  const first = parts[0] ?? "";
  const hasRegistry = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? first : "docker.io";
  let repository = hasRegistry ? parts.slice(1).join("/") : path;
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digestPart ? { digest: digestPart } : {}) };
}

export function node(name: string, architecture = "amd64", extra: Partial<NodeObservation> = {}): NodeObservation {
  return {
    name,
    os: "linux",
    architecture,
    labels: { "kubernetes.io/arch": architecture, "kubernetes.io/os": "linux", "kubernetes.io/hostname": name },
    ready: true,
    unschedulable: false,
    images: [],
    ...extra,
  };
}

/** The part of a container status a test cares about; the name comes from the pod() key. */
export type StatusPart = Omit<ContainerStatusObservation, "name" | "isInit" | "image">;

export function running(d: string, extra: Partial<StatusPart> = {}): StatusPart {
  return { imageID: `reg.example/x@${d}`, digest: d, isUnverifiable: false, ready: true, restartCount: 0, state: "running", ...extra };
}

/** A bare config id: `docker://sha256:…` (dockershim) or plain `sha256:…` (kind load, ctr import). */
export function local(configId: string, style: "docker" | "bare" = "bare"): StatusPart {
  const imageID = style === "docker" ? `docker://${configId}` : configId;
  return { imageID, digest: null, isUnverifiable: true, ready: true, restartCount: 0, state: "running" };
}

export function waiting(reason: string, message?: string): StatusPart {
  return {
    imageID: "",
    digest: null,
    isUnverifiable: false,
    ready: false,
    restartCount: 0,
    state: "waiting",
    waiting: message === undefined ? { reason } : { reason, message },
  };
}

export type PodFixture = { name: string; node: string | null; revision: string | null; containers: Record<string, StatusPart>; ready?: boolean };

export function pod(name: string, nodeName: string | null, revision: string | null, containers: Record<string, StatusPart>, ready?: boolean): PodFixture {
  return { name, node: nodeName, revision, containers, ...(ready === undefined ? {} : { ready }) };
}

export class WorkloadBuilder {
  private readonly specs: ContainerSpec[] = [];
  private readonly podFixtures: PodFixture[] = [];
  private readonly revisionList: WorkloadObservation["revisions"] = [];
  private current: string | null = null;
  private replicaCount: number | null = null;
  private extra: Partial<WorkloadObservation> = {};

  constructor(
    private readonly kind: WorkloadKind,
    private readonly namespace: string,
    private readonly name: string,
  ) {}

  container(name: string, image: string, isInit = false): this {
    const reference = parseRef(image);
    const floats = !reference?.digest && (!reference?.tag || reference.tag === "latest");
    this.specs.push({ name, isInit, image, reference, pullPolicy: floats ? "Always" : "IfNotPresent" });
    return this;
  }

  initContainer(name: string, image: string): this {
    return this.container(name, image, true);
  }

  /** The current template revision; its images are the containers' spec images. */
  revision(revision: string): this {
    this.current = revision;
    return this;
  }

  /** An older revision that used other images, e.g. oldRevision("5c2a", { app: "shop/checkout:2.4.0" }). */
  oldRevision(revision: string, images: Record<string, string>): this {
    this.revisionList.push({ revision, number: null, images });
    return this;
  }

  replicas(n: number): this {
    this.replicaCount = n;
    return this;
  }

  with(extra: Partial<WorkloadObservation>): this {
    this.extra = { ...this.extra, ...extra };
    return this;
  }

  pods(pods: PodFixture[]): this {
    this.podFixtures.push(...pods);
    return this;
  }

  build(): WorkloadObservation {
    const images = Object.fromEntries(this.specs.map((s) => [s.name, s.image]));
    const revisions = this.current ? [{ revision: this.current, number: null, images }, ...this.revisionList] : [...this.revisionList];
    return {
      kind: this.kind,
      namespace: this.namespace,
      name: this.name,
      labels: {},
      annotations: {},
      replicas: this.replicaCount ?? this.podFixtures.length,
      currentRevision: this.current,
      revisions,
      nodeSelector: {},
      allowedArchitectures: null,
      imagePullSecrets: [],
      containers: this.specs,
      pods: this.podFixtures.map((p) => this.buildPod(p)),
      ...this.extra,
    };
  }

  private buildPod(p: PodFixture): PodObservation {
    const containers = Object.entries(p.containers).map(([name, part]) => {
      const spec = this.specs.find((s) => s.name === name);
      return { name, isInit: spec?.isInit ?? false, image: spec?.image ?? name, ...part };
    });
    const ready = p.ready ?? containers.filter((c) => !c.isInit).every((c) => c.ready);
    return { name: p.name, node: p.node, revision: p.revision, phase: ready ? "Running" : "Pending", ready, createdAt: T0, containers };
  }
}

export const deployment = (ns: string, name: string) => new WorkloadBuilder("Deployment", ns, name);
export const statefulSet = (ns: string, name: string) => new WorkloadBuilder("StatefulSet", ns, name);
export const daemonSet = (ns: string, name: string) => new WorkloadBuilder("DaemonSet", ns, name);

export function cluster(
  name: string,
  environment: string | null,
  parts: { nodes?: NodeObservation[]; workloads?: (WorkloadObservation | WorkloadBuilder)[]; events?: PullFailureEvent[] },
): ClusterObservation {
  return {
    cluster: name,
    environment,
    server: `https://${name}.example:6443`,
    collectedAt: T0,
    status: "ok",
    gaps: [],
    skipped: [],
    nodes: parts.nodes ?? [],
    workloads: (parts.workloads ?? []).map((w) => (w instanceof WorkloadBuilder ? w.build() : w)),
    ...(parts.events ? { events: parts.events } : {}),
  };
}

/** An index listing: platforms as "arch" or "arch/variant" → child digest. */
export function platformsOf(children: Record<string, string>): PlatformManifest[] {
  return Object.entries(children).map(([platform, d]) => {
    const [architecture, variant] = platform.split("/") as [string, string | undefined];
    return { os: "linux", architecture, ...(variant ? { variant } : {}), digest: d };
  });
}

/** Resolution entries keyed as the engine looks them up (tag or digest reference). */
export function resolved(image: string, d: string, platforms: PlatformManifest[] = []): Record<string, TagResolution> {
  const key = keyOf(image);
  const mediaType = platforms.length > 0 ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json";
  return { [key]: { reference: key, status: "ok", digest: d, mediaType, platforms, checkedAt: T0 } };
}

export function failed(image: string, code: RegistryErrorCode, message = code.toLowerCase()): Record<string, TagResolution> {
  const key = keyOf(image);
  return { [key]: { reference: key, status: "error", code, message, checkedAt: T0 } };
}

export function keyOf(image: string): string {
  const ref = parseRef(image);
  if (!ref) throw new Error(`fixture image ${image} does not parse`);
  return ref.digest ? digestReferenceKey(ref, ref.digest) : tagReferenceKey(ref);
}

export type AnalyzeOptions = {
  nodes?: NodeObservation[];
  resolutions?: Record<string, TagResolution>;
  indexes?: IndexMap;
  events?: PullFailureEvent[];
  settings?: DriftSettings;
  manifestPlatforms?: WorkloadInput["manifestPlatforms"];
  tagMoves?: WorkloadInput["tagMoves"];
  now?: string;
};

/** analyzeWorkload with fixture defaults (one amd64 node, no registry answers). */
export function analyzeOne(workload: WorkloadObservation | WorkloadBuilder, o: AnalyzeOptions = {}): WorkloadAnalysis {
  return analyzeWorkload({
    cluster: "c1",
    environment: "prod",
    workload: workload instanceof WorkloadBuilder ? workload.build() : workload,
    nodes: o.nodes ?? [node("n1")],
    events: o.events ?? [],
    resolutions: o.resolutions ?? {},
    indexes: o.indexes ?? {},
    ...(o.manifestPlatforms ? { manifestPlatforms: o.manifestPlatforms } : {}),
    ...(o.tagMoves ? { tagMoves: o.tagMoves } : {}),
    ...(o.settings ? { settings: o.settings } : {}),
    now: o.now ?? T0,
  });
}

export function kindsOf(analysis: WorkloadAnalysis): string[] {
  return analysis.findings.map((f) => f.kind);
}
