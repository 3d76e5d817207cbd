import type { Finding, WorkloadStatus } from "./kinds";
import type {
  ClusterObservation,
  NodeObservation,
  Platform,
  PullFailureEvent,
  TagResolution,
  WorkloadKind,
  WorkloadObservation,
} from "./observation";
import type { PullFailureClass } from "./pull-failure";
import type { IndexMap, ReleaseResolver } from "./releases";

export type HealthSummary = { replicas: number; ready: number; restarts: number; pullFailures: number };

/** Pods of one container grouped by the release they run. */
export type ReleaseGroup = {
  release: string;
  /** Raw digests the runtimes reported for this release (index and/or child digests). */
  digests: string[];
  pods: string[];
  nodes: string[];
  revisions: string[];
  readyPods: number;
  restarts: number;
  /** True for a bare config id: no registry can confirm these bytes. */
  unverifiable: boolean;
};

export type ContainerAnalysis = {
  name: string;
  isInit: boolean;
  /** Image string of the current pod template. */
  specImage: string;
  /** Key into `resolutions` for what the spec pulls now (see reference.ts), null when invalid. */
  specReference: string | null;
  isPinned: boolean;
  /** Release the spec pulls now (registry answer for a tag, the pin for a digest), normalised. */
  specRelease: string | null;
  /** Most pods first, then by release. */
  releases: ReleaseGroup[];
  /** Pods with no image yet (pulling, or failing to pull). */
  pendingPods: string[];
  health: HealthSummary;
};

export type WorkloadAnalysis = {
  cluster: string;
  environment: string | null;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  status: WorkloadStatus;
  findings: Finding[];
  containers: ContainerAnalysis[];
  /** Pod-level health of the workload (ready = ready pods, restarts over regular containers). */
  health: HealthSummary;
  currentRevision: string | null;
  /** Template revisions that have pods, with pod counts, newest (current) first. */
  revisions: { revision: string; pods: number }[];
  managedBy: "argocd" | "flux" | null;
};

export type DriftSettings = {
  /**
   * Floating-tag policy. "all" (default): versioned tags are info, `latest`/untagged are warnings.
   * "latest-only": only `latest`/untagged are reported. "off": never reported.
   */
  floatingTag?: "all" | "latest-only" | "off";
};

export type WorkloadInput = {
  cluster: string;
  environment: string | null;
  workload: WorkloadObservation;
  nodes: readonly NodeObservation[];
  events?: readonly PullFailureEvent[];
  /** Keyed by reference key (reference.ts): "registry/repo:tag" and "registry/repo@digest". */
  resolutions: Readonly<Record<string, TagResolution>>;
  /** Cached index → children listings (merged with those the resolutions carry). */
  indexes: IndexMap;
  /** Platform of single-platform manifests, when the resolver knows it (config blob). */
  manifestPlatforms?: Readonly<Record<string, Platform>>;
  /** When a tag last moved, from stored resolution history (the finding says when it moved). */
  tagMoves?: Readonly<Record<string, { at: string; fromDigest: string | null; toDigest: string }>>;
  now: string;
  settings?: DriftSettings;
  /** Prebuilt from `indexes` + `resolutions` (analyzeFleet builds it once for all workloads). */
  resolver?: ReleaseResolver;
};

export type FleetInput = {
  observations: readonly ClusterObservation[];
  resolutions: Readonly<Record<string, TagResolution>>;
  indexes: IndexMap;
  manifestPlatforms?: Readonly<Record<string, Platform>>;
  history?: { tagMoves?: WorkloadInput["tagMoves"] };
  now: string;
  settings?: DriftSettings;
};

/** Across environments a different release is promotion lag, not drift: shown as data. */
export type PromotionEntry = {
  namespace: string;
  kind: WorkloadKind;
  name: string;
  container: string;
  environments: { environment: string; clusters: { cluster: string; release: string | null; specImage: string }[] }[];
  /** True when every environment runs the same release. */
  isUniform: boolean;
};

export type FleetAnalysis = {
  workloads: WorkloadAnalysis[];
  promotion: PromotionEntry[];
  summary: { workloads: number; inSync: number; drift: number; byKind: Record<string, number> };
};

export type PodContainerRow = {
  pod: string;
  node: string | null;
  revision: string | null;
  /** Raw digest the runtime reported, null when pending or unverifiable. */
  digest: string | null;
  release: string | null;
  isUnverifiable: boolean;
  ready: boolean;
  restarts: number;
  waiting?: { reason: string; message?: string };
};

export type { PullFailureClass };
