import type { ContainerContext } from "./containers";
import { runsSpecTemplate } from "./detect-pods";
import type { Finding, Severity } from "./kinds";
import type { NodeObservation, Platform, RegistryErrorCode, WorkloadObservation } from "./observation";
import { eligibleNodes, isRealPlatform, missingPlatforms, platformKey } from "./platforms";
import { displayImage, isLatestOrUntagged } from "./reference";
import { staleDetails, staleNote } from "./registry-age";
import type { ReleaseResolver } from "./releases";
import type { DriftSettings, WorkloadInput } from "./types";
import { plural, sortedUnique } from "./util";

// Findings that compare the spec with what the registry says now: tag-moved, tag-missing,
// platform-gap, floating-tag, unverifiable (registry side). A finding drawn from a kept answer
// (the registry failing now, see registry-age.ts) says how old that answer is.

/** " (as of 14:28 UTC; registry … rate-limited since 14:37 UTC …)" when the answer is a kept one. */
function ageSuffix(ctx: ContainerContext): string {
  const note = ctx.resolution ? staleNote(ctx.resolution) : null;
  return note ? ` (${note})` : "";
}

export function detectTagMoved(
  ctx: ContainerContext,
  workload: WorkloadObservation,
  resolver: ReleaseResolver,
  tagMoves: WorkloadInput["tagMoves"],
): Finding[] {
  const { analysis, resolution } = ctx;
  if (analysis.isPinned || resolution?.status !== "ok" || !analysis.specRelease) return [];
  // Only pods created from the current template count: during a rollout to a new tag the old
  // pods run the old tag's bytes, which is not a move of the new tag.
  const running = ctx.rows.filter(
    (r) => r.release !== null && !r.isUnverifiable && runsSpecTemplate(workload, ctx.spec.name, ctx.spec.image, r.revision),
  );
  if (running.length === 0) return [];
  const expected = analysis.specRelease;
  if (running.some((r) => resolver.sameRelease(r.release as string, expected))) return [];
  const move = analysis.specReference ? tagMoves?.[analysis.specReference] : undefined;
  // Absolute, not "N minutes ago": the finding is stored and shown until the state changes.
  const age = move ? ` (moved at ${move.at.slice(0, 16).replace("T", " ")} UTC)` : "";
  return [
    {
      kind: "tag-moved",
      container: ctx.spec.name,
      severity: "warning",
      message: `${displayImage(ctx.spec.reference, ctx.spec.image)} now points to a build no running pod has${age}${ageSuffix(ctx)}`,
      details: {
        ...staleDetails(resolution),
        reference: analysis.specReference,
        resolvedDigest: resolution.digest,
        resolvedRelease: expected,
        runningReleases: sortedUnique(running.map((r) => r.release as string)),
        movedAt: move?.at ?? null,
        previousDigest: move?.fromDigest ?? null,
      },
    },
  ];
}

export function detectTagMissing(ctx: ContainerContext): Finding[] {
  const { resolution, analysis } = ctx;
  if (resolution?.status !== "error" || (resolution.code !== "MANIFEST_UNKNOWN" && resolution.code !== "NAME_UNKNOWN")) return [];
  const image = displayImage(ctx.spec.reference, ctx.spec.image);
  const what = analysis.isPinned ? `The pinned digest of ${image} is gone from the registry` : `${image} no longer exists in the registry`;
  return [
    {
      kind: "tag-missing",
      container: ctx.spec.name,
      severity: "critical",
      message: `${what}: the next pod that has to pull it will fail${ageSuffix(ctx)}`,
      details: { reference: analysis.specReference, code: resolution.code, pinned: analysis.isPinned, registryMessage: resolution.message, ...staleDetails(resolution) },
    },
  ];
}

/** Platforms of what the spec pulls; null when unknown (a single manifest we know nothing of). */
export function specPlatforms(ctx: ContainerContext, resolver: ReleaseResolver, manifestPlatforms: WorkloadInput["manifestPlatforms"]): Platform[] | null {
  const pin = ctx.spec.reference?.digest;
  const digest = pin ?? (ctx.resolution?.status === "ok" ? ctx.resolution.digest : null);
  if (!digest) return null;
  if (!pin && ctx.resolution?.status === "ok" && ctx.resolution.platforms.length > 0) return ctx.resolution.platforms;
  // A pin to a child digest pulls that one platform, not the whole index.
  const known = resolver.platformsOf(digest);
  if (known) return known;
  const single = manifestPlatforms?.[digest];
  return single ? [single] : null;
}

export function detectPlatformGap(
  ctx: ContainerContext,
  workload: WorkloadObservation,
  nodes: readonly NodeObservation[],
  platforms: Platform[] | null,
): Finding[] {
  if (!platforms || platforms.length === 0) return [];
  const eligible = eligibleNodes(workload, nodes);
  const gaps = missingPlatforms(platforms, eligible);
  if (gaps.length === 0) return [];
  const stranded = gaps.reduce((n, g) => n + g.nodes.length, 0);
  const nothingRuns = stranded === eligible.length;
  const missing = gaps.map((g) => platformKey(g.platform)).join(", ");
  return [
    {
      kind: "platform-gap",
      container: ctx.spec.name,
      // A DaemonSet will schedule a pod on every eligible node; elsewhere it depends on luck.
      severity: workload.kind === "DaemonSet" || nothingRuns ? "critical" : "warning",
      message: `${displayImage(ctx.spec.reference, ctx.spec.image)} has no ${missing} image: ${plural(stranded, "eligible node")} cannot run it${ctx.spec.reference?.digest ? "" : ageSuffix(ctx)}`,
      details: {
        ...(ctx.spec.reference?.digest ? {} : staleDetails(ctx.resolution)),
        missing: gaps.map((g) => ({ platform: g.platform, nodes: g.nodes })),
        imagePlatforms: sortedUnique(platforms.filter(isRealPlatform).map(platformKey)),
        nodes: sortedUnique(gaps.flatMap((g) => g.nodes)),
        eligibleNodes: eligible.length,
      },
    },
  ];
}

export function detectFloatingTag(ctx: ContainerContext, settings: DriftSettings | undefined): Finding[] {
  const ref = ctx.spec.reference;
  const policy = settings?.floatingTag ?? "all";
  if (!ref || ref.digest || policy === "off") return [];
  const isLatest = isLatestOrUntagged(ref);
  if (!isLatest && policy === "latest-only") return [];
  const image = displayImage(ref, ctx.spec.image);
  return [
    {
      kind: "floating-tag",
      container: ctx.spec.name,
      severity: isLatest ? "warning" : "info",
      message: isLatest
        ? `${image} floats: with pull policy ${ctx.spec.pullPolicy} any restart may run different bytes`
        : `${image} is deployed by tag, not by digest`,
      details: { tag: ref.tag ?? null, isLatest, pullPolicy: ctx.spec.pullPolicy },
    },
  ];
}

const UNVERIFIABLE_CODES: Partial<Record<RegistryErrorCode, { severity: Severity; text: string }>> = {
  UNAUTHORIZED: { severity: "warning", text: "the registry needs credentials Driftwatch does not have" },
  DENIED: { severity: "warning", text: "the registry denied access" },
  // Transient: shown, but a registry blip must not turn the whole fleet red.
  UNREACHABLE: { severity: "info", text: "the registry is unreachable" },
  TOO_MANY_REQUESTS: { severity: "info", text: "the registry is rate limiting" },
  INVALID_RESPONSE: { severity: "info", text: "the registry answered something unreadable" },
};

export function detectRegistryUnverifiable(ctx: ContainerContext): Finding[] {
  const { resolution } = ctx;
  if (resolution?.status !== "error") return [];
  const known = UNVERIFIABLE_CODES[resolution.code];
  if (!known) return [];
  return [
    {
      kind: "unverifiable",
      container: ctx.spec.name,
      severity: known.severity,
      message: `Cannot verify ${displayImage(ctx.spec.reference, ctx.spec.image)}: ${known.text}${ageSuffix(ctx)}`,
      // `reason` is part of the state key: a kept refusal keeps its reason while the host fails otherwise.
      details: { reason: resolution.code, reference: ctx.analysis.specReference, registryMessage: resolution.message, checkedAt: resolution.checkedAt, ...staleDetails(resolution) },
    },
  ];
}

