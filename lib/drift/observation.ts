// The contract between the collector (lib/kube), the resolver (lib/oci) and the drift engine.
// Plain data, JSON-serialisable, no I/O. lib/kube produces these values (validated with zod there);
// lib/drift consumes them. Fields may be added (optional first); never renamed or removed
// without updating both sides.

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet";

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export type Platform = { os: string; architecture: string; variant?: string };

/** A parsed, normalised image reference (see lib/oci for the parser). */
export type ImageRef = {
  /** e.g. "docker.io", "ghcr.io", "127.0.0.1:5000" */
  registry: string;
  /** e.g. "library/nginx" */
  repository: string;
  tag?: string;
  /** "sha256:<64 hex>" */
  digest?: string;
};

/** Why a collection step failed; failures are data, never exceptions. */
export type GapCode = "UNAUTHORIZED" | "FORBIDDEN" | "UNREACHABLE" | "TIMEOUT" | "INVALID_RESPONSE" | "ERROR";

export type CollectionGap = {
  /** e.g. "pods", "apps/v1/daemonsets", "events" */
  resource: string;
  code: GapCode;
  message: string;
};

export type NodeObservation = {
  name: string;
  os: string;
  architecture: string;
  variant?: string;
  /** nodeInfo.containerRuntimeVersion, e.g. "containerd://1.7.20", "cri-o://1.30.3" (what form of imageID to expect). */
  containerRuntime?: string;
  labels: Record<string, string>;
  ready: boolean;
  unschedulable: boolean;
  /** node.status.images, names as reported (tags and repo@sha256 forms). */
  images: { names: string[]; sizeBytes?: number }[];
};

export type ContainerSpec = {
  name: string;
  isInit: boolean;
  /** The image string exactly as in the pod template. */
  image: string;
  /** Parsed reference; null when the image string is invalid (see referenceError). */
  reference: ImageRef | null;
  referenceError?: string;
  /** Effective policy (Kubernetes defaults applied: Always for :latest or no tag, else IfNotPresent). */
  pullPolicy: PullPolicy;
};

export type WaitingState = { reason: string; message?: string };

export type ContainerStatusObservation = {
  name: string;
  isInit: boolean;
  /** status.image as reported by the runtime. */
  image: string;
  /** status.imageID exactly as reported ("" while the image is not pulled yet). */
  imageID: string;
  /** Normalised "sha256:…" manifest digest the runtime reports, or null when none/unverifiable. */
  digest: string | null;
  /** Repository part of imageID when present (e.g. "docker.io/library/nginx"). */
  digestRepository?: string;
  /** True for a bare config id (docker://sha256:… or sha256:… with no repository): no registry can resolve it. */
  isUnverifiable: boolean;
  ready: boolean;
  restartCount: number;
  state: "running" | "waiting" | "terminated" | "unknown";
  waiting?: WaitingState;
};

export type PodObservation = {
  name: string;
  uid?: string;
  node: string | null;
  /** pod-template-hash (ReplicaSet) or controller-revision-hash (StatefulSet/DaemonSet). */
  revision: string | null;
  phase: string;
  ready: boolean;
  createdAt: string;
  containers: ContainerStatusObservation[];
};

export type WorkloadObservation = {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  uid?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Desired replicas (DaemonSet: desiredNumberScheduled). */
  replicas: number;
  /** The newest template revision (newest ReplicaSet's pod-template-hash / updateRevision hash). */
  currentRevision: string | null;
  /** All revisions known for this workload, newest first (ReplicaSets / ControllerRevisions). */
  revisions: { revision: string; number: number | null; createdAt?: string; images: Record<string, string> }[];
  nodeSelector: Record<string, string>;
  /** Architectures the pod template allows via nodeSelector/required node affinity on kubernetes.io/arch; null = any. */
  allowedArchitectures: string[] | null;
  imagePullSecrets: string[];
  containers: ContainerSpec[];
  pods: PodObservation[];
  /** GitOps controller managing this object, when detected (labels, annotations, managedFields). */
  managedBy?: "argocd" | "flux" | null;
  /** container name → the field manager that set its image (managedFields), where known. */
  imageManagers?: Record<string, string>;
};

export type PullFailureEvent = {
  namespace: string;
  pod: string;
  /** From involvedObject.fieldPath (`spec.containers{app}`); absent when the event names none. */
  container?: string;
  reason: string;
  message: string;
  lastSeen: string;
  /** How often the kubelet reported it (events are aggregated: same reason and message, count+1). */
  count?: number;
};

export type ClusterObservation = {
  cluster: string;
  environment: string | null;
  server: string;
  collectedAt: string;
  /** Overall outcome: "ok", "partial" (some gaps), "failed" (nothing usable). */
  status: "ok" | "partial" | "failed";
  error?: { code: GapCode; message: string };
  gaps: CollectionGap[];
  /** Objects that failed validation and were skipped, by resource. */
  skipped: { resource: string; name: string; reason: string }[];
  nodes: NodeObservation[];
  workloads: WorkloadObservation[];
  events?: PullFailureEvent[];
};

// ---- Registry side --------------------------------------------------------------------------

export type RegistryErrorCode =
  | "INVALID_REFERENCE"
  | "MANIFEST_UNKNOWN"
  | "NAME_UNKNOWN"
  | "UNAUTHORIZED"
  | "DENIED"
  | "TOO_MANY_REQUESTS"
  | "UNREACHABLE"
  | "INVALID_RESPONSE";

export type PlatformManifest = Platform & { digest: string };

/** What a failing registry host is doing (its health, as the poller classifies it). */
export type RegistryFailureStatus = "rate-limited" | "unauthorized" | "unavailable" | "unreachable";

/**
 * Set on a resolution that is the registry's last answer, kept because asking again just failed:
 * knowledge with an age (`checkedAt` is when the answer was given).
 */
export type RegistryStale = {
  /** The registry host as references name it ("docker.io", "127.0.0.1:5000"). */
  registry: string;
  status: RegistryFailureStatus;
  /** The failure of this poll. */
  code: RegistryErrorCode;
  message: string;
  /** Since when the host has been failing. */
  since: string;
  retryAfterSeconds?: number;
};

/** What a spec reference (registry/repository:tag) resolves to now. */
export type TagResolution =
  | {
      reference: string;
      status: "ok";
      digest: string;
      mediaType: string;
      /** Empty for a single-platform manifest. */
      platforms: PlatformManifest[];
      checkedAt: string;
      stale?: RegistryStale;
    }
  | {
      reference: string;
      status: "error";
      code: RegistryErrorCode;
      message: string;
      checkedAt: string;
      stale?: RegistryStale;
    };
