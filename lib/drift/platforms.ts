import type { NodeObservation, Platform, WorkloadObservation } from "./observation";
import { compareStrings } from "./util";

// Which nodes a workload can land on, and whether an image covers their platforms.

export function platformKey(p: Platform): string {
  const variant = normalisedVariant(p);
  return `${p.os}/${p.architecture}${variant ? `/${variant}` : ""}`;
}

export function nodePlatform(node: NodeObservation): Platform {
  return node.variant ? { os: node.os, architecture: node.architecture, variant: node.variant } : { os: node.os, architecture: node.architecture };
}

/**
 * Nodes the scheduler may place the workload's pods on: schedulable, matching the nodeSelector and
 * the architectures allowed by node affinity. (Taints are not observed, so they are not applied.)
 */
export function eligibleNodes(workload: WorkloadObservation, nodes: readonly NodeObservation[]): NodeObservation[] {
  const allowed = workload.allowedArchitectures;
  return nodes.filter(
    (node) =>
      !node.unschedulable &&
      (allowed === null || allowed.includes(node.architecture)) &&
      Object.entries(workload.nodeSelector).every(([key, value]) => node.labels[key] === value),
  );
}

/**
 * Does an image platform serve a node? os and architecture must be equal; variants only
 * conflict when both are given ("arm64" and "arm64/v8" are the same thing).
 */
export function platformMatches(image: Platform, node: Platform): boolean {
  if (image.os !== node.os || image.architecture !== node.architecture) return false;
  const a = normalisedVariant(image);
  const b = normalisedVariant(node);
  return !a || !b || a === b;
}

export type PlatformGap = { platform: Platform; nodes: string[] };

/** The node platforms (with their nodes) that none of `imagePlatforms` serves. */
export function missingPlatforms(imagePlatforms: readonly Platform[], nodes: readonly NodeObservation[]): PlatformGap[] {
  const real = imagePlatforms.filter(isRealPlatform);
  const gaps = new Map<string, PlatformGap>();
  for (const node of nodes) {
    const platform = nodePlatform(node);
    if (real.some((p) => platformMatches(p, platform))) continue;
    const key = platformKey(platform);
    const gap = gaps.get(key) ?? { platform, nodes: [] };
    gap.nodes.push(node.name);
    gaps.set(key, gap);
  }
  return [...gaps.values()]
    .map((g) => ({ platform: g.platform, nodes: [...g.nodes].sort(compareStrings) }))
    .sort((a, b) => compareStrings(platformKey(a.platform), platformKey(b.platform)));
}

/** Same check against bare platforms (used by LKG checks, which know platforms, not nodes). */
export function uncoveredPlatforms(imagePlatforms: readonly Platform[], needed: readonly Platform[]): Platform[] {
  const real = imagePlatforms.filter(isRealPlatform);
  const seen = new Set<string>();
  const missing: Platform[] = [];
  for (const platform of needed) {
    const key = platformKey(platform);
    if (seen.has(key) || real.some((p) => platformMatches(p, platform))) continue;
    seen.add(key);
    missing.push(platform);
  }
  return missing.sort((a, b) => compareStrings(platformKey(a), platformKey(b)));
}

// BuildKit attestation manifests are listed as "unknown/unknown"; they are not a platform.
export function isRealPlatform(p: Platform): boolean {
  return p.os !== "unknown" && p.architecture !== "unknown";
}

function normalisedVariant(p: Platform): string | undefined {
  if (p.architecture === "arm64" && p.variant === "v8") return undefined;
  return p.variant || undefined;
}
