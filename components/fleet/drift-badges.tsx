import { Badge, type Tone } from "@/components/ui/badge";
import { displayStatus } from "@/lib/drift/status";
import type { FindingDto } from "@/lib/schemas/workloads";

const SEVERITY_TONE: Record<FindingDto["severity"], Tone> = { info: "info", warning: "warning", critical: "critical" };
const RANK = { critical: 0, warning: 1, info: 2 } as const;

/** One badge per drift kind (worst severity wins), or "in-sync" — never beside "unverifiable" (lib/drift/status). */
export function DriftBadges({ findings, status }: { findings: FindingDto[]; status: "in-sync" | "drift" }) {
  const byKind = new Map<string, FindingDto>();
  for (const f of findings) {
    const prev = byKind.get(f.kind);
    if (!prev || RANK[f.severity] < RANK[prev.severity]) byKind.set(f.kind, f);
  }
  const kinds = [...byKind.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.kind.localeCompare(b.kind));
  return (
    <span className="flex flex-wrap gap-1">
      {displayStatus({ status, driftKinds: findings.map((f) => f.kind) }) === "in-sync" ? <Badge tone="ok">in-sync</Badge> : null}
      {kinds.map((f) => (
        <Badge key={f.kind} tone={SEVERITY_TONE[f.severity]} title={f.message}>
          {f.kind}
        </Badge>
      ))}
    </span>
  );
}
