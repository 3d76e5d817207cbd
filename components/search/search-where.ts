// "Where does it run?" as one line a tired reader can take in:
// "sha256:529cbb… runs in prod-eu shop/checkout on eu-node-3, -4".
import type { SearchItemDto } from "@/lib/schemas/search";

/** "eu-node-3, eu-node-4, eu-node-5" → "eu-node-3, -4, -5" (same stem before the last '-'). */
export function compactNames(names: string[], max = 6): string {
  if (names.length === 0) return "";
  const stem = (n: string) => (n.lastIndexOf("-") > 0 ? n.slice(0, n.lastIndexOf("-") + 1) : null);
  const first = names[0]!;
  const shown = names.slice(0, max).map((n, i) => (i > 0 && stem(n) && stem(n) === stem(first) ? n.slice(stem(n)!.length - 1) : n));
  return shown.join(", ") + (names.length > max ? ` +${names.length - max} more` : "");
}

const WHAT: Record<SearchItemDto["matched"], string> = {
  digest: "digest", image: "image", node: "node", pod: "pod", workload: "workload", namespace: "namespace", cluster: "cluster",
};

export function describeMatch(item: SearchItemDto): { subject: string; where: string } {
  const subject = item.matched === "digest" && item.digest
    ? `${item.digest.slice(0, 13)}…`
    : item.matched === "image" && item.image ? item.image
    : item.matched === "pod" ? compactNames(item.pods, 3)
    : item.matched === "node" ? compactNames(item.nodes, 3)
    : WHAT[item.matched];
  const place = `${item.cluster} ${item.namespace}/${item.name}`;
  const on = item.nodes.length ? ` on ${compactNames(item.nodes)}` : "";
  const where = item.matched === "workload" || item.matched === "namespace" || item.matched === "cluster"
    ? `${place}${on}`
    : `runs in ${place}${on}`;
  return { subject, where };
}
