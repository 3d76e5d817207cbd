// GET /api/search on the demo fleet polled for real: a digest prefix (index and platform
// digests), a node, a pod and a namespace prefix in any case each find exactly the workloads
// that run there; control characters are refused by name and LIKE wildcards are literal.
import { describe, expect, it } from "vitest";
import type { Harness } from "@/lib/server/poller/test-harness";
import { getNodeMap } from "@/lib/server/services/list-nodes";
import { readCurrent } from "@/lib/server/services/workload-dto";
import { searchResultSchema, type SearchItemDto } from "@/lib/schemas/search";
import { useDemoHarness } from "@/test/demo-harness";

type Route = (req: Request) => Promise<Response>;
const key = (i: Pick<SearchItemDto, "cluster" | "namespace" | "name">) => `${i.cluster} ${i.namespace}/${i.name}`;

describe("fleet search", () => {
  let h!: Harness;
  let route!: Route;
  let listRoute!: Route;
  useDemoHarness(async (x, url) => {
    h = x;
    process.env.DATABASE_URL = url;
    await h.pollAll();
    route = (await import("@/app/api/search/route")).GET as Route;
    listRoute = (await import("@/app/api/workloads/route")).GET as Route;
  });

  const search = async (q: string) => {
    const res = await route(new Request(`http://localhost/api/search?q=${encodeURIComponent(q)}`));
    expect(res.status).toBe(200);
    return searchResultSchema.parse(await res.json()).items;
  };
  const current = async (cluster: string, namespace: string, name: string) =>
    readCurrent((await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: cluster }, namespace, name } })).current);

  it("a 6-hex digest prefix finds the workload running that build, on the nodes that run it", async () => {
    const c = await current("prod-eu", "shop", "checkout");
    // tag 2.4.1 was rebuilt: the old build survives on the nodes that had it cached
    const releases = c.containers[0]!.releases;
    expect(releases.length).toBe(2);
    const old = releases.find((r) => r.nodes.every((n) => ["eu-node-1", "eu-node-2"].includes(n)))!;
    const digest = old.digests[0]!;
    const items = await search(digest.slice(7, 13));
    expect(items.map((i) => [key(i), i.matched, i.digest, i.nodes, i.pods])).toEqual([
      ["prod-eu shop/checkout", "digest", digest, [...old.nodes].sort(), [...old.pods].sort()],
    ]);
    // "sha256:"-prefixed and upper-case work the same
    expect((await search(`SHA256:${digest.slice(7, 19).toUpperCase()}`)).map(key)).toEqual(["prod-eu shop/checkout"]);
  });

  // A platform digest names what one architecture runs. containerd reports the index digest (the
  // node pulled its own platform's child), CRI-O the child itself (us-node-3, us-node-4).
  const platformsOf = async (index: string) =>
    (await h.prisma.indexManifest.findUniqueOrThrow({ where: { digest: index } })).platforms as { architecture: string; digest: string }[];
  const childOf = async (index: string, architecture: string) => (await platformsOf(index)).find((p) => p.architecture === architecture)!.digest;
  const podsOn = (c: Awaited<ReturnType<typeof current>>, architecture: string) => c.podList.filter((p) => p.architecture === architecture);

  it("a platform (child) digest finds only the pods on that platform, not every pod of its index", async () => {
    const checkout = await current("prod-eu", "shop", "checkout");
    // The old build survives on eu-node-1 and -2, both amd64: its arm64 child runs nowhere.
    const old = checkout.containers[0]!.releases.find((r) => r.nodes.every((n) => ["eu-node-1", "eu-node-2"].includes(n)))!;
    expect(old.nodes).toEqual(["eu-node-1", "eu-node-2"]);
    const oldAmd64 = await childOf(old.release, "amd64");
    expect((await search(oldAmd64.slice(7, 19))).map((i) => [key(i), i.matched, i.digest, i.nodes, i.pods])).toEqual([
      ["prod-eu shop/checkout", "digest", oldAmd64, ["eu-node-1", "eu-node-2"], [...old.pods].sort()],
    ]);
    expect(await search((await childOf(old.release, "arm64")).slice(7, 19))).toEqual([]);

    // frontend runs one multi-arch index on amd64 and arm64 nodes in both prod clusters.
    const eu = await current("prod-eu", "shop", "frontend");
    const us = await current("prod-us", "shop", "frontend");
    const index = eu.containers[0]!.releases[0]!.release;
    expect(us.containers[0]!.releases.map((r) => r.release)).toEqual([index]);
    const where = (items: SearchItemDto[]) => items.map((i) => [key(i), i.matched, i.digest, i.nodes, i.pods]);
    const arm64 = await childOf(index, "arm64");
    expect(where(await search(arm64.slice(7, 17)))).toEqual([
      ["prod-eu shop/frontend", "digest", arm64, ["eu-node-5", "eu-node-6"], podsOn(eu, "arm64").map((p) => p.name).sort()],
      ["prod-us shop/frontend", "digest", arm64, ["us-node-4"], podsOn(us, "arm64").map((p) => p.name).sort()],
    ]);
    const amd64 = await childOf(index, "amd64");
    expect(where(await search(amd64.slice(7, 17)))).toEqual([
      ["prod-eu shop/frontend", "digest", amd64, ["eu-node-1", "eu-node-2", "eu-node-3", "eu-node-4"], podsOn(eu, "amd64").map((p) => p.name).sort()],
      ["prod-us shop/frontend", "digest", amd64, ["us-node-1", "us-node-2", "us-node-3"], podsOn(us, "amd64").map((p) => p.name).sort()],
    ]);
    // The index digest itself: every pod, whatever its platform.
    expect(where(await search(index.slice(7, 17)))).toEqual([
      ["prod-eu shop/frontend", "digest", index, [...eu.containers[0]!.releases[0]!.nodes].sort(), eu.podList.map((p) => p.name).sort()],
      ["prod-us shop/frontend", "digest", index, ["us-node-1", "us-node-2", "us-node-3", "us-node-4"], us.podList.map((p) => p.name).sort()],
    ]);
  });

  it("a node name finds exactly the workloads with pods on that node (as the node map says)", async () => {
    const node = (await getNodeMap({ cluster: "prod-eu" })).items.find((n) => n.name === "eu-node-3")!;
    const expected = [...new Set([...node.workloads, ...node.waiting].map((w) => `prod-eu ${w.namespace}/${w.name}`))].sort();
    expect(expected.length).toBeGreaterThan(1);
    const items = await search("eu-node-3");
    expect(items.map(key)).toEqual(expected);
    expect(items.every((i) => i.matched === "node" && i.nodes.join() === "eu-node-3")).toBe(true);
  });

  it("a pod name finds its workload only", async () => {
    const pod = (await current("prod-us", "shop", "payments")).podList[0]!;
    const items = await search(pod.name);
    expect(items.map((i) => [key(i), i.matched, i.pods, i.nodes])).toEqual([["prod-us shop/payments", "pod", [pod.name], [pod.node]]]);
  });

  it("a mixed-case namespace prefix finds every workload in it across clusters", async () => {
    expect((await search("PlAt")).map(key)).toEqual([
      "prod-eu platform/auth", "prod-eu platform/gateway",
      "prod-us platform/auth", "prod-us platform/gateway", "prod-us platform/notifications",
      "staging platform/auth", "staging platform/notifications",
    ]);
  });

  it("several terms narrow each other (workload and cluster)", async () => {
    expect((await search("checkout prod-eu")).map((i) => [key(i), i.matched])).toEqual([["prod-eu shop/checkout", "workload"]]);
    expect((await search("cart STAG")).map(key)).toEqual(["staging shop/cart"]);
  });

  it("LIKE wildcards are literal and control characters are a 400 naming q", async () => {
    expect(await search("%%")).toEqual([]);
    expect(await search("__")).toEqual([]);
    const res = await route(new Request("http://localhost/api/search?q=%00ab"));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { invalid?: { field: string }[] };
    expect(body.invalid?.map((i) => i.field)).toEqual(["q"]);
  });
  const list = async (qs: string) => {
    const res = await listRoute(new Request(`http://localhost/api/workloads?${qs}&limit=500`));
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: SearchItemDto[] }).items.map(key).sort();
  };

  it("the fleet list's q lists exactly the workloads search finds (digest, platform digest, node, pod, words)", async () => {
    const checkout = await current("prod-eu", "shop", "checkout");
    const old = checkout.containers[0]!.releases.find((r) => r.nodes.every((n) => ["eu-node-1", "eu-node-2"].includes(n)))!;
    const frontend = (await current("prod-us", "shop", "frontend")).containers[0]!.releases[0]!.release;
    const pod = (await current("prod-us", "shop", "payments")).podList[0]!.name;
    const qs = [old.digests[0]!.slice(7, 13), (await childOf(old.release, "amd64")).slice(7, 19), (await childOf(old.release, "arm64")).slice(7, 19),
      (await childOf(frontend, "arm64")).slice(7, 17), "eu-node-3", pod, "checkout prod-eu", "PlAt", "media/image"];
    const seen: number[] = [];
    for (const q of qs) {
      const found = (await search(q)).map(key);
      expect(await list(`q=${encodeURIComponent(q)}`)).toEqual(found);
      seen.push(found.length);
    }
    expect(seen).toEqual([1, 1, 0, 2, seen[4], 1, 1, 7, 2]);
    expect(seen[4]).toBeGreaterThan(1);
  });

  it("namespace is a prefix in any case; q's wildcards are literal; a NUL is a 400", async () => {
    const shop = await list("namespace=shop");
    expect(shop.length).toBe(14); // 8 in prod-eu, 4 in prod-us, 2 in staging
    expect(await list("namespace=sho")).toEqual(shop);
    expect(await list("namespace=SHOP")).toEqual(shop);
    expect(await list("q=%25")).toEqual([]);
    expect(await list("q=_")).toEqual([]);
    const res = await listRoute(new Request("http://localhost/api/workloads?q=%00"));
    expect(res.status).toBe(400);
  });
});
