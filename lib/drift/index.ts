// Public surface of the drift engine. Pure: no I/O, time is a parameter.
export type * from "./observation";
export { DRIFT_KINDS, SEVERITIES, compareFindings, isDriftKind, severityRank, statusOf } from "./kinds";
export type { DriftKind, Finding, Severity, WorkloadStatus } from "./kinds";
export type {
  ContainerAnalysis,
  DriftSettings,
  FleetAnalysis,
  FleetInput,
  HealthSummary,
  PromotionEntry,
  ReleaseGroup,
  WorkloadAnalysis,
  WorkloadInput,
} from "./types";
export { analyzeWorkload } from "./analyze";
export { analyzeFleet, primaryRelease } from "./fleet";
export { compareWithPeer, crossClusterFinding } from "./cross-cluster";
export type { CrossClusterMember, PeerContainerComparison } from "./cross-cluster";
export {
  UNVERIFIABLE_PREFIX,
  containerRelease,
  createReleaseResolver,
  isUnverifiableRelease,
  mergeIndexes,
  releaseOf,
  sameRelease,
  unverifiableRelease,
} from "./releases";
export type { IndexMap, ReleaseResolver } from "./releases";
export { PULL_FAILURE_REASONS, classifyPullFailure, isPullFailureReason } from "./pull-failure";
export type { PullFailureClass } from "./pull-failure";
export { eligibleNodes, missingPlatforms, nodePlatform, platformKey, platformMatches, uncoveredPlatforms } from "./platforms";
export type { PlatformGap } from "./platforms";
export { digestReferenceKey, displayImage, isLatestOrUntagged, isPinned, specReferenceKey, tagReferenceKey } from "./reference";
export { workloadSnapshot, workloadStateKey } from "./state";
export { DISPLAY_STATUSES, displayStatus } from "./status";
export type { DisplayStatus } from "./status";
export {
  DEFAULT_REGISTRY_STALE_MS,
  failureStatusOf,
  isAuthRefusal,
  isRegistryAnswer,
  isRegistryFailure,
  keepKnown,
  resolutionWithAge,
  staleDetails,
  staleNote,
} from "./registry-age";
export type { ContainerSnapshot, WorkloadSnapshot } from "./state";
export { canonicalJson, fnv1a64, stableHash } from "./hash";
export { DEFAULT_SOAK_MS, checkCandidate, lastKnownGood, lastKnownGoodCandidates } from "./lkg";
export type { CandidateCheck, HistoryInterval, LkgCandidate, LkgInput } from "./lkg";
export { diffTagResolution, diffWorkloadStates } from "./changes";
export type { ReleaseChange, SpecChange, TagChange, WorkloadChange } from "./changes";
export { RELEASE_PALETTE_SIZE, describeAge, releaseColor, shortDigest } from "./format";
export { childrenForNodes, neededChildren, pinnedImage, planPin, splitImage, unpinnedImage } from "./pin-plan";
export type { PinAction, PinCode, PinIssue, PinPlan, PinPlanInput, PinTarget, PlanNode, PlatformCoverage, RegistryAnswer } from "./pin-plan";
export { ARGO_MANAGERS, detectGitOps, gitPatchSnippets, revertedBy, trackingIdApp } from "./gitops";
export type { GitOpsManager, GitOpsTool, ManagedObject } from "./gitops";
export { isRolloutDone, rolloutStatus } from "./rollout-status";
export type { RolloutFacts, RolloutPhase, RolloutStatus } from "./rollout-status";
export { releasesRolledAwayWhileFailing } from "./rolled-away";
export type { RolledAway } from "./rolled-away";
export { describePods } from "./pod-rows";
export type { PodContainerState, PodRow } from "./pod-rows";
export { isInformativePullMessage, pullFailureCause } from "./pull-cause";
export type { PullCause } from "./pull-cause";
