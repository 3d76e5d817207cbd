"use client";

import Link from "next/link";
import { ClustersDataAge } from "@/components/fleet/clusters-data-age";
import { workloadHref } from "@/components/fleet/fleet-table";
import { Badge } from "@/components/ui/badge";
import { DigestChip } from "@/components/ui/digest-chip";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { Timestamp } from "@/components/ui/timestamp";
import { FilterBar, useUrlFilters, WORKLOAD_FILTER_FIELDS } from "@/components/audit/filter-bar";
import { useChangesPage } from "@/lib/client/audit-hooks";
import { shortImageRef } from "@/lib/drift/format";
import { LoadMore } from "@/components/ui/load-more";

const KEYS = ["since", "until", "environment", "cluster", "namespace", "kind", "name"] as const;

/** A spec image with its pinned digest shortened (the full one in the tooltip). */
const SpecImage = ({ image }: { image?: string }) =>
  image ? <span title={image}>{shortImageRef(image)}</span> : <span className="text-slate-400">∅</span>;

const Releases = ({ list }: { list: string[] }) =>
  list.length ? <span className="inline-flex flex-wrap gap-1">{list.map((r) => <DigestChip key={r} digest={r} />)}</span> : <span className="text-slate-400">none</span>;

export function ChangesFeed() {
  const [filters, setFilters] = useUrlFilters(KEYS);
  const q = useChangesPage(filters);
  const bar = <FilterBar fields={WORKLOAD_FILTER_FIELDS} filters={filters} onChange={setFilters} sinceKey="since" untilKey="until" />;
  if (q.isPending) return <>{bar}<Spinner label="Loading changes" /></>;
  if (q.isError) return <>{bar}<ErrorState title="Cannot load changes" message={q.error.message} onRetry={() => q.refetch()} /></>;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return <>{bar}<EmptyState title={filters.since ? "No changes match" : "No changes in the last 7 days"}>Release transitions and tag moves appear here as polls see them. With workload filters, tag moves are those of the tags the matching workloads use.</EmptyState></>;
  }
  return (
    <>
      {bar}
      <p className="mb-2 text-right text-xs text-slate-600"><ClustersDataAge /></p>
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
        {items.map((c, i) => (
          <li key={i} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm" data-change={c.type}>
            <span className="w-72 max-w-full shrink-0 text-xs text-slate-600">
              <Timestamp at={c.at} />
            </span>
            {c.type === "release" ? (
              <>
                <Badge tone="accent">release</Badge>
                <Link href={workloadHref(c)} className="font-medium hover:underline">
                  {c.cluster}/{c.namespace}/{c.name}
                </Link>
                <span className="font-mono text-xs text-slate-500">{c.container}</span>
                {c.toImage !== undefined ? (
                  <span className="min-w-0 font-mono text-xs wrap-anywhere">
                    <SpecImage image={c.fromImage} /> → <SpecImage image={c.toImage} />
                  </span>
                ) : null}
                <Releases list={c.fromReleases} /> → <Releases list={c.toReleases} />
              </>
            ) : (
              <>
                <Badge tone={c.error ? "critical" : "warning"}>{c.error ? "tag lost" : "tag moved"}</Badge>
                <code className="min-w-0 font-mono text-xs wrap-anywhere">{c.reference}</code>
                {c.fromDigest ? <DigestChip digest={c.fromDigest} /> : <span className="text-slate-400">∅</span>} →{" "}
                {c.toDigest ? <DigestChip digest={c.toDigest} /> : <span className="text-rose-700">{c.error?.code ?? "gone"}</span>}
              </>
            )}
          </li>
        ))}
      </ol>
      <LoadMore page={q} label="Older changes" />
    </>
  );
}
