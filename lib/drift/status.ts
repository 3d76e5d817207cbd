import type { WorkloadStatus } from "./kinds";

// One status per workload for everything that shows one (row badge, summary counts, workload
// page), so no page says `in-sync` next to `unverifiable`. Precedence: drift (a warning or
// critical finding) > unverifiable (something could not be checked, nothing found wrong) > in-sync.

export const DISPLAY_STATUSES = ["drift", "unverifiable", "in-sync"] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

export function displayStatus(w: { status: WorkloadStatus; driftKinds: readonly string[] }): DisplayStatus {
  if (w.status === "drift") return "drift";
  return w.driftKinds.includes("unverifiable") ? "unverifiable" : "in-sync";
}
