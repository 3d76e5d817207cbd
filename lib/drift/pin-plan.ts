// The pin / unpin decision, pure: which container, from which image to which, or every reason
// not to. The registry's answers, the nodes, the rollout state and the managers are inputs;
// lib/server/services/pin-workload.ts gathers them and performs the plan.
import type { GitOpsManager } from "./gitops";
import type { Platform, PlatformManifest } from "./observation";
import { isRealPlatform, platformKey, platformMatches } from "./platforms";
import type { RolloutStatus } from "./rollout-status";
import { compareStrings, plural } from "./util";

export type PinAction = "pin" | "unpin";

/** Refusals (the plan is not applied) and warnings (it is, once the operator has read them). */
export type PinCode =
  | "CONTAINER_UNKNOWN"
  | "INVALID_DIGEST"
  | "MANIFEST_UNKNOWN"
  | "PLATFORM_GAP"
  | "REGISTRY_UNAVAILABLE"
  | "PAUSED"
  | "GITOPS_MANAGED"
  | "NO_CHANGE"
  | "NO_TAG"
  | "ROLLOUT_IN_PROGRESS"
  | "ROLLED_AWAY_WHILE_FAILING"
  | "PLATFORMS_UNKNOWN";

export type PinIssue = { code: PinCode; message: string; details?: Record<string, unknown> };

export type RegistryAnswer =
  | { status: "ok"; mediaType?: string; /** Index children; empty for a single manifest. */ platforms: readonly PlatformManifest[]; /** A single manifest's platform, when known. */ platform?: Platform }
  | { status: "missing"; message: string }
  | { status: "unknown"; message: string };

export type PinTarget = {
  digest: string;
  registry: RegistryAnswer;
  /** HEAD of each index child the nodes need, by child digest. */
  children: Readonly<Record<string, "ok" | "missing" | "unknown">>;
};

export type PlanNode = { name: string; os: string; architecture: string; variant?: string };

export type PinPlanInput = {
  action: PinAction;
  workload: { kind: string; namespace: string; name: string; paused: boolean; containers: readonly { name: string; image: string }[] };
  container: string;
  /** Pin: the digest; unpin: what the tag resolves to now (digest = the tag reference when it is gone). */
  target?: PinTarget;
  /** Unpin of a `repo@sha256:…` image (no tag to go back to). */
  unpinTag?: string;
  /** Nodes the workload can be scheduled on. */
  nodes: readonly PlanNode[];
  rollout: RolloutStatus | null;
  managers: readonly GitOpsManager[];
  /** Releases the workload left while failing (from its history), with when and why. */
  rolledAwayWhileFailing?: readonly { release: string; at: string; reason: string }[];
  override?: { paused?: boolean; gitops?: boolean };
};

export type PlatformCoverage = { platform: string; nodes: string[]; digest: string | null; isCovered: boolean };

export type PinPlan = {
  isAllowed: boolean;
  action: PinAction;
  container: string;
  fromImage: string | null;
  toImage: string | null;
  refusals: PinIssue[];
  warnings: PinIssue[];
  coverage: PlatformCoverage[];
};

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** An image string split as written: name (registry/repository), tag, digest. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf("@");
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  return { name: hasTag ? rest.slice(0, colon) : rest, ...(hasTag ? { tag: rest.slice(colon + 1) } : {}), ...(digest ? { digest } : {}) };
}

/** `repo:tag` → `repo:tag@sha256:…` (the tag stays for humans); `repo@old` → `repo@new`. */
export function pinnedImage(image: string, digest: string): string {
  const { name, tag } = splitImage(image);
  return `${name}${tag ? `:${tag}` : ""}@${digest}`;
}

/** `repo:tag@sha256:…` → `repo:tag`; null without a tag to go back to. */
export function unpinnedImage(image: string, tag?: string): string | null {
  const s = splitImage(image);
  const t = tag ?? s.tag;
  return t ? `${s.name}:${t}` : null;
}

/** For each node platform: the index child serving it (null when none does). */
export function childrenForNodes(platforms: readonly PlatformManifest[], nodes: readonly PlanNode[]): PlatformCoverage[] {
  const byKey = new Map<string, PlatformCoverage>();
  for (const node of nodes) {
    const p: Platform = { os: node.os, architecture: node.architecture, ...(node.variant ? { variant: node.variant } : {}) };
    const key = platformKey(p);
    const entry = byKey.get(key) ?? { platform: key, nodes: [], digest: platforms.filter(isRealPlatform).find((m) => platformMatches(m, p))?.digest ?? null, isCovered: false };
    entry.isCovered = entry.digest !== null;
    entry.nodes.push(node.name);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((c) => ({ ...c, nodes: [...c.nodes].sort(compareStrings) })).sort((a, b) => compareStrings(a.platform, b.platform));
}

/** The children a preview must HEAD: those serving the workload's node platforms. */
export function neededChildren(platforms: readonly PlatformManifest[], nodes: readonly PlanNode[]): string[] {
  return [...new Set(childrenForNodes(platforms, nodes).flatMap((c) => (c.digest ? [c.digest] : [])))].sort(compareStrings);
}

function registryIssues(t: PinTarget, nodes: readonly PlanNode[]): { refusals: PinIssue[]; warnings: PinIssue[]; coverage: PlatformCoverage[] } {
  const refusals: PinIssue[] = [];
  const warnings: PinIssue[] = [];
  const r = t.registry;
  if (r.status === "missing") {
    refusals.push({ code: "MANIFEST_UNKNOWN", message: `${t.digest} is gone from the registry (${r.message}): immutable is not immortal — pods could not pull it`, details: { digest: t.digest } });
    return { refusals, warnings, coverage: [] };
  }
  if (r.status === "unknown") {
    refusals.push({ code: "REGISTRY_UNAVAILABLE", message: `the registry could not confirm ${t.digest} is still pullable (${r.message}); try again when it answers`, details: { digest: t.digest } });
    return { refusals, warnings, coverage: [] };
  }
  let coverage: PlatformCoverage[];
  if (r.platforms.length > 0) coverage = childrenForNodes(r.platforms, nodes);
  else if (r.platform) coverage = childrenForNodes([{ ...r.platform, digest: t.digest }], nodes);
  else {
    coverage = childrenForNodes([], nodes).map((c) => ({ ...c, digest: t.digest, isCovered: true }));
    warnings.push({ code: "PLATFORMS_UNKNOWN", message: `the registry does not say which platform ${t.digest} is built for; the nodes' platforms could not be checked` });
  }
  for (const gap of coverage.filter((c) => !c.isCovered)) {
    refusals.push({
      code: "PLATFORM_GAP",
      message: `${t.digest} has no ${gap.platform} image, but the workload can be scheduled on ${gap.platform} node${gap.nodes.length === 1 ? "" : "s"} ${gap.nodes.join(", ")}`,
      details: { platform: gap.platform, nodes: gap.nodes },
    });
  }
  if (r.platforms.length > 0) {
    for (const c of coverage) {
      const answer = c.digest ? t.children[c.digest] : undefined;
      if (!c.digest || answer === "ok") continue;
      if (answer === "missing") {
        refusals.push({ code: "MANIFEST_UNKNOWN", message: `the ${c.platform} manifest ${c.digest} of index ${t.digest} is gone from the registry (the index still answers): immutable is not immortal — ${c.platform} nodes could not pull it`, details: { digest: c.digest, index: t.digest, platform: c.platform } });
      } else {
        refusals.push({ code: "REGISTRY_UNAVAILABLE", message: `the registry could not confirm the ${c.platform} manifest ${c.digest} of index ${t.digest} is still pullable`, details: { digest: c.digest, platform: c.platform } });
      }
    }
  }
  return { refusals, warnings, coverage };
}

function workloadIssues(input: PinPlanInput): { refusals: PinIssue[]; warnings: PinIssue[] } {
  const refusals: PinIssue[] = [];
  const warnings: PinIssue[] = [];
  const w = input.workload;
  if (w.paused) {
    const issue = { code: "PAUSED" as const, message: `${w.kind} ${w.namespace}/${w.name} is paused: the change would be stored but not rolled out until it is resumed` };
    (input.override?.paused ? warnings : refusals).push(input.override?.paused ? { ...issue, message: `${issue.message} (overridden)` } : issue);
  }
  for (const m of input.managers) {
    const issue: PinIssue = { code: "GITOPS_MANAGED", message: `managed by ${m.whoReverts}. Evidence: ${m.evidence.join("; ")}. Change it in Git instead (patch below), or pin anyway knowing it may be reverted`, details: { tool: m.tool, owner: m.owner, confidence: m.confidence, fieldManager: m.fieldManager } };
    const blocks = m.revertsLivePatch && m.confidence === "strong" && !input.override?.gitops;
    (blocks ? refusals : warnings).push(issue);
  }
  const r = input.rollout;
  if (r && r.phase !== "complete") {
    const how = `${r.updated} of ${r.desired} updated, ${r.ready} ready, ${plural(r.old, "old replica")} left`;
    warnings.push({ code: "ROLLOUT_IN_PROGRESS", message: `a rollout is ${r.phase === "failed" ? "stuck (progress deadline exceeded)" : "in progress"}: ${how}. This change replaces it`, details: { phase: r.phase, desired: r.desired, updated: r.updated, ready: r.ready, old: r.old } });
  }
  return { refusals, warnings };
}

export function planPin(input: PinPlanInput): PinPlan {
  const container = input.workload.containers.find((c) => c.name === input.container);
  const base = { action: input.action, container: input.container, coverage: [] as PlatformCoverage[] };
  if (!container) {
    const names = input.workload.containers.map((c) => c.name).join(", ");
    return { ...base, isAllowed: false, fromImage: null, toImage: null, warnings: [], refusals: [{ code: "CONTAINER_UNKNOWN", message: `${input.workload.kind} ${input.workload.namespace}/${input.workload.name} has no container "${input.container}" (it has: ${names})` }] };
  }
  const refusals: PinIssue[] = [];
  const warnings: PinIssue[] = [];
  let toImage: string | null = null;
  let coverage: PlatformCoverage[] = [];
  if (input.action === "pin") {
    const t = input.target;
    if (!t || !DIGEST.test(t.digest)) {
      refusals.push({ code: "INVALID_DIGEST", message: `"${t?.digest ?? ""}" is not a sha256 digest (sha256: and 64 lowercase hex digits)` });
    } else {
      toImage = pinnedImage(container.image, t.digest);
      const r = registryIssues(t, input.nodes);
      refusals.push(...r.refusals);
      warnings.push(...r.warnings);
      coverage = r.coverage;
      for (const f of input.rolledAwayWhileFailing ?? []) {
        if (f.release === t.digest) warnings.push({ code: "ROLLED_AWAY_WHILE_FAILING", message: `the workload was rolled away from ${t.digest} at ${f.at} while it was failing (${f.reason})`, details: { at: f.at } });
      }
    }
  } else {
    toImage = unpinnedImage(container.image, input.unpinTag);
    if (!toImage) refusals.push({ code: "NO_TAG", message: `${container.image} has no tag to go back to: name one ("tag")` });
    else if (input.target) {
      // Back to a tag: what it resolves to now must still be pullable on every node platform.
      const r = registryIssues(input.target, input.nodes);
      refusals.push(...r.refusals);
      warnings.push(...r.warnings);
      coverage = r.coverage;
    }
  }
  if (toImage !== null && toImage === container.image) refusals.push({ code: "NO_CHANGE", message: `container ${container.name} already runs ${container.image}` });
  const w = workloadIssues(input);
  return { ...base, coverage, isAllowed: refusals.length + w.refusals.length === 0, fromImage: container.image, toImage, refusals: [...refusals, ...w.refusals], warnings: [...warnings, ...w.warnings] };
}
