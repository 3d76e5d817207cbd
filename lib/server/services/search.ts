import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { IndexMap } from "@/lib/drift/releases";
import type { PlatformManifest } from "@/lib/drift/observation";
import { isRealPlatform, platformMatches } from "@/lib/drift/platforms";
import { getDb } from "@/lib/server/db/client";
import { findIndexesOf, findSearchMatches, searchTerms, type SearchRow, type SearchTerm } from "@/lib/server/data/search";
import { readCurrent, type WorkloadCurrent } from "@/lib/server/services/workload-dto";
import type { ReleaseDto } from "@/lib/schemas/workloads";
import type { SearchItemDto, SearchQuery, SearchResultDto } from "@/lib/schemas/search";

// "Where does this run?" Every whitespace-separated term must match the workload somewhere; the
// item reports the most telling match (digest first) and where it runs. Matching is
// case-insensitive and by prefix: of a digest's hex, of a name, of any '/'-, '-'-separated part
// of an image repository, of a tag, of a cluster name. The same rules, as rows of
// `workload_search_token`, pick the page in SQL (migration 20261201191000): change them together.
//
// A platform (child) digest of an image index names what one architecture runs: it matches the
// pods that report it, and the pods that report the index on a node of that platform (containerd
// reports the index, the node pulls its own platform's child) — not the pods on other platforms.

type Match = Pick<SearchItemDto, "matched" | "digest" | "image"> & { nodes: string[]; pods: string[] };
type Term = SearchTerm & { lower: string };

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const starts = (value: string | null | undefined, t: string) => !!value && value.toLowerCase().startsWith(t);
const partStarts = (value: string, t: string) => starts(value, t) || value.toLowerCase().split(/[/\-_.]/).some((part) => part.startsWith(t));
/** The hex of a digest ("sha256:ab…", "unverifiable:sha256:ab…" → "ab…"), as the token rows keep it. */
const hexOf = (digest: string) => digest.toLowerCase().replace(/^(?:[a-z0-9]+:)+/, "");

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

/** Pods of release `r` on a node of `child`'s platform (a pod's architecture comes from its node). */
function podsOnPlatform(c: WorkloadCurrent, r: Pick<ReleaseDto, "pods">, child: PlatformManifest): string[] {
  if (!isRealPlatform(child)) return [];
  const arch = new Map(c.podList.map((p) => [p.name, p.architecture]));
  return r.pods.filter((pod) => {
    const [architecture, variant] = (arch.get(pod) ?? "").split("/");
    return !!architecture && platformMatches(child, { os: child.os, architecture, ...(variant ? { variant } : {}) });
  });
}

/** Which of release `r`'s pods run a digest starting with `hex`, and which digest that is. */
function releaseHit(c: WorkloadCurrent, r: Pick<ReleaseDto, "release" | "digests" | "pods">, hex: string, indexes: IndexMap) {
  const ds = [r.release, ...r.digests];
  const children = ds.flatMap((d) => indexes[d] ?? []);
  const direct = ds.find((d) => hexOf(d).startsWith(hex));
  if (direct) {
    // The release itself, or a digest some pod reported: a reported child is run by the pods of
    // its platform (all of them when the pods' architectures are not known).
    const child = children.find((p) => p.digest === direct);
    const onPlatform = child ? podsOnPlatform(c, r, child) : [];
    return { digest: direct, pods: onPlatform.length ? onPlatform : r.pods };
  }
  for (const child of children) {
    if (!hexOf(child.digest).startsWith(hex)) continue;
    const pods = podsOnPlatform(c, r, child);
    if (pods.length) return { digest: child.digest, pods };
  }
  return null;
}

function matchDigest(c: WorkloadCurrent, term: Term, indexes: IndexMap): Match | null {
  if (!term.hex) return null;
  const node = new Map(c.podList.map((p) => [p.name, p.node]));
  const nodes: string[] = [], pods: string[] = [];
  let digest: string | undefined, image: string | undefined;
  for (const container of c.containers) {
    for (const r of container.releases) {
      const hit = releaseHit(c, r, term.hex, indexes);
      if (!hit) continue;
      digest ??= hit.digest;
      image ??= container.image;
      pods.push(...hit.pods);
      // Every pod of the release: its nodes as the release lists them; some: those pods' nodes.
      nodes.push(...(hit.pods === r.pods ? r.nodes : hit.pods.flatMap((p) => node.get(p) ?? [])));
    }
  }
  return digest ? { matched: "digest", digest, image, nodes: sorted(nodes), pods: sorted(pods) } : null;
}

function matchTerm(row: SearchRow, c: WorkloadCurrent, term: Term, indexes: IndexMap): Match | null {
  const t = term.lower;
  const digest = matchDigest(c, term, indexes);
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
  if (starts(row.cluster, t)) return { matched: "cluster", ...allPlaces(c) };
  return null;
}

const RANK: SearchItemDto["matched"][] = ["digest", "pod", "node", "image", "workload", "namespace", "cluster"];

export async function searchFleet(query: SearchQuery, db: PrismaClient = getDb()): Promise<SearchResultDto> {
  const terms: Term[] = searchTerms(query.q).map((t) => ({ ...t, lower: t.name }));
  // The SQL applies the same rules, so a row is dropped below only if the two ever disagree.
  const rows = await findSearchMatches(db, terms, query.limit + 1);
  const indexes = terms.some((t) => t.hex) ? await findIndexesOf(db, rows) : {};
  const items: SearchItemDto[] = [];
  for (const row of rows) {
    const c = readCurrent(row.current);
    const matches = terms.map((t) => matchTerm(row, c, t, indexes));
    if (matches.some((m) => m === null)) continue;
    // The most specific match speaks for the item (a digest over a cluster name).
    const best = (matches as Match[]).reduce((a, b) => (RANK.indexOf(b.matched) < RANK.indexOf(a.matched) ? b : a));
    items.push({
      cluster: row.cluster, namespace: row.namespace, kind: row.kind, name: row.name, status: row.status === "drift" ? "drift" : "in-sync",
      matched: best.matched, ...(best.digest ? { digest: best.digest } : {}), ...(best.image ? { image: best.image } : {}),
      nodes: best.nodes, pods: best.pods,
    });
  }
  return { items: items.slice(0, query.limit), truncated: rows.length > query.limit };
}
