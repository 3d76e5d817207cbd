import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db/client";
import { findClustersByPrefix, findIndexesByDigestPrefix, findSearchCandidates, type SearchRow, type SearchTerm } from "@/lib/server/data/search";
import { readCurrent, type WorkloadCurrent } from "@/lib/server/services/workload-dto";
import type { SearchItemDto, SearchQuery, SearchResultDto } from "@/lib/schemas/search";

// "Where does this run?" Every whitespace-separated term must match the workload somewhere; the
// item reports the most telling match (digest first) and where it runs. Matching is
// case-insensitive and by prefix: of a digest's hex, of a name, of any '/'-, '-'-separated part
// of an image repository, of a tag.

const DIGEST_TERM = /^(?:sha256:)?([0-9a-f]{6,64})$/;
/** Candidates read per result asked for: rows the index narrows to, before the exact prefix rules. */
const CANDIDATES_PER_ITEM = 4;

type Match = Pick<SearchItemDto, "matched" | "digest" | "image"> & { nodes: string[]; pods: string[] };
type Term = SearchTerm & { lower: string; hex: string | null; clusterNames: Set<string> };

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const starts = (value: string | null | undefined, t: string) => !!value && value.toLowerCase().startsWith(t);
const partStarts = (value: string, t: string) => starts(value, t) || value.toLowerCase().split(/[/\-_.]/).some((part) => part.startsWith(t));

function allPlaces(c: WorkloadCurrent) {
  return { nodes: sorted([...c.nodes.map((n) => n.name), ...c.podList.flatMap((p) => (p.node ? [p.node] : []))]), pods: sorted(c.podList.map((p) => p.name)) };
}

function imageMatches(image: string, t: string) {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(":");
  const hasTag = colon > ref.lastIndexOf("/");
  const repo = hasTag ? ref.slice(0, colon) : ref;
  return starts(image, t) || partStarts(repo, t) || (hasTag && starts(ref.slice(colon + 1), t)) || starts(repo.split("/").slice(1).join("/"), t);
}

function matchDigest(c: WorkloadCurrent, term: Term): Match | null {
  if (!term.hex) return null;
  const related = new Set(term.digests);
  const nodes: string[] = [], pods: string[] = [];
  let digest: string | undefined, image: string | undefined;
  for (const container of c.containers) {
    for (const r of container.releases) {
      const ds = [r.release, ...r.digests];
      const hit = ds.find((d) => d.toLowerCase().startsWith(`sha256:${term.hex}`)) ?? ds.find((d) => related.has(d));
      if (!hit) continue;
      digest ??= hit.toLowerCase().startsWith(`sha256:${term.hex}`) ? hit : term.digests.find((d) => d.startsWith(`sha256:${term.hex}`)) ?? hit;
      image ??= container.image;
      nodes.push(...r.nodes);
      pods.push(...r.pods);
    }
  }
  return digest ? { matched: "digest", digest, image, nodes: sorted(nodes), pods: sorted(pods) } : null;
}

function matchTerm(row: SearchRow, c: WorkloadCurrent, term: Term): Match | null {
  const t = term.lower;
  const digest = matchDigest(c, term);
  if (digest) return digest;
  if (partStarts(row.name, t)) return { matched: "workload", ...allPlaces(c) };
  if (starts(row.namespace, t)) return { matched: "namespace", ...allPlaces(c) };
  const nodeNames = sorted([...c.nodes.map((n) => n.name), ...c.podList.flatMap((p) => (p.node ? [p.node] : []))]).filter((n) => starts(n, t));
  if (nodeNames.length) return { matched: "node", nodes: nodeNames, pods: sorted(c.podList.filter((p) => p.node && nodeNames.includes(p.node)).map((p) => p.name)) };
  const podRows = c.podList.filter((p) => starts(p.name, t));
  if (podRows.length) return { matched: "pod", nodes: sorted(podRows.flatMap((p) => (p.node ? [p.node] : []))), pods: sorted(podRows.map((p) => p.name)) };
  const container = c.containers.find((x) => imageMatches(x.image, t));
  if (container) {
    return { matched: "image", image: container.image, nodes: sorted(container.releases.flatMap((r) => r.nodes)), pods: sorted(container.releases.flatMap((r) => r.pods)) };
  }
  if (term.clusterNames.has(row.cluster)) return { matched: "cluster", ...allPlaces(c) };
  return null;
}

const RANK: SearchItemDto["matched"][] = ["digest", "pod", "node", "image", "workload", "namespace", "cluster"];

async function prepareTerms(db: PrismaClient, q: string): Promise<Term[]> {
  const words = [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))];
  return Promise.all(words.map(async (lower) => {
    const hex = DIGEST_TERM.exec(lower)?.[1] ?? null;
    const indexes = hex ? await findIndexesByDigestPrefix(db, hex) : [];
    const clusters = await findClustersByPrefix(db, lower);
    return {
      // The bare hex: "sha256:" is in every row, its trigrams would only slow the index down.
      text: hex ?? lower, lower, hex,
      digests: [...new Set(indexes.flatMap((i) => [i.digest, ...i.children]))],
      clusterIds: clusters.map((c) => c.id), clusterNames: new Set(clusters.map((c) => c.name)),
    };
  }));
}

export async function searchFleet(query: SearchQuery, db: PrismaClient = getDb()): Promise<SearchResultDto> {
  const terms = await prepareTerms(db, query.q);
  const take = query.limit * CANDIDATES_PER_ITEM;
  const rows = await findSearchCandidates(db, terms, take);
  const items: SearchItemDto[] = [];
  for (const row of rows) {
    const c = readCurrent(row.current);
    const matches = terms.map((t) => matchTerm(row, c, t));
    if (matches.some((m) => m === null)) continue;
    // The most specific match speaks for the item (a digest over a cluster name).
    const best = (matches as Match[]).reduce((a, b) => (RANK.indexOf(b.matched) < RANK.indexOf(a.matched) ? b : a));
    items.push({
      cluster: row.cluster, namespace: row.namespace, kind: row.kind, name: row.name, status: row.status === "drift" ? "drift" : "in-sync",
      matched: best.matched, ...(best.digest ? { digest: best.digest } : {}), ...(best.image ? { image: best.image } : {}),
      nodes: best.nodes, pods: best.pods,
    });
  }
  return { items: items.slice(0, query.limit), truncated: items.length > query.limit || rows.length === take };
}
