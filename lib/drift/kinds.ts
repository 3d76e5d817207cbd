import { compareStrings } from "./util";

// The drift vocabulary. Kind names are an API (stored, filtered on, shown in the UI): never rename.

export const DRIFT_KINDS = [
  "skew",
  "rolling",
  "tag-moved",
  "tag-missing",
  "platform-gap",
  "pull-failing",
  "cross-cluster",
  "floating-tag",
  "unverifiable",
] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type WorkloadStatus = "in-sync" | "drift";

export type Finding = {
  kind: DriftKind;
  /** Container name, or null for workload-wide findings (rolling). */
  container: string | null;
  severity: Severity;
  /** A sentence for humans, e.g. "2 of 6 pods of revision 7d9f run an older build of shop/checkout:2.4.1". */
  message: string;
  /** Structured facts behind the message: releases, pods, nodes, reason … */
  details: Record<string, unknown>;
};

export function isDriftKind(value: string): value is DriftKind {
  return (DRIFT_KINDS as readonly string[]).includes(value);
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Status rule: a workload is `drift` when any finding is a warning or critical. Info findings
 * (a rollout in progress, a versioned floating tag, a registry that is briefly unreachable) are
 * shown but keep the workload `in-sync`, so a healthy majority is never called drifted.
 */
export function statusOf(findings: readonly Finding[]): WorkloadStatus {
  return findings.some((f) => f.severity !== "info") ? "drift" : "in-sync";
}

/** Stable order: by kind (table order), then container, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  const byKind = DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  const byContainer = compareStrings(a.container ?? "", b.container ?? "");
  if (byContainer !== 0) return byContainer;
  return compareStrings(a.message, b.message);
}
