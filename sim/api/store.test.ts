import { describe, expect, it } from "vitest";
import { ObjectStore, StoreError, type K8sObject, type WatchEvent } from "./store";

const pod = (ns: string, name: string, labels: Record<string, string> = {}, nodeName = "n1"): K8sObject => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, labels }, spec: { nodeName, containers: [{ name: "c", image: "x:1" }] },
});
const deploy = (image = "x:1"): K8sObject => ({
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", namespace: "team" }, spec: { replicas: 2, template: { spec: { containers: [{ name: "app", image }] } } },
});

describe("ObjectStore", () => {
  it("assigns uid, creationTimestamp, generation 1 and a growing global resourceVersion", () => {
    const s = new ObjectStore();
    const a = s.create("pods", pod("a", "p1"));
    const n = s.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "n1", namespace: "ignored" } });
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.generation).toBe(1);
    expect(Date.parse(a.metadata.creationTimestamp!)).not.toBeNaN();
    expect(Number(n.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(s.resourceVersion()).toBe(n.metadata.resourceVersion);
    expect(n.metadata.namespace).toBeUndefined();
    expect(s.get("nodes", "whatever", "n1")?.metadata.uid).toBe(n.metadata.uid);
  });

  it("refuses duplicates with 409 AlreadyExists and keeps namespaces apart", () => {
    const s = new ObjectStore();
    s.create("pods", pod("a", "p1"));
    s.create("pods", pod("b", "p1"));
    expect(() => s.create("pods", pod("a", "p1"))).toThrow(expect.objectContaining({ status: 409, reason: "AlreadyExists" }));
    expect(s.list("pods").items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["a/p1", "b/p1"]);
  });

  it("hands out copies: mutating a result never changes the store", () => {
    const s = new ObjectStore();
    const created = s.create("pods", pod("a", "p1"));
    created.metadata.labels = { changed: "yes" };
    const got = s.get("pods", "a", "p1")!;
    got.metadata.name = "other";
    s.list("pods").items[0]!.metadata.labels!["x"] = "y";
    expect(s.get("pods", "a", "p1")!.metadata).toMatchObject({ name: "p1", labels: {} });
  });

  it("bumps generation only when spec changes, and resourceVersion on every real change", () => {
    const s = new ObjectStore();
    const d = s.create("deployments", deploy());
    const relabelled = s.update("deployments", { ...d, metadata: { ...d.metadata, labels: { a: "b" } } });
    expect(relabelled.metadata.generation).toBe(1);
    expect(Number(relabelled.metadata.resourceVersion)).toBeGreaterThan(Number(d.metadata.resourceVersion));
    const changed = s.update("deployments", { ...relabelled, spec: deploy("x:2").spec });
    expect(changed.metadata.generation).toBe(2);
    const withStatus = s.updateStatus("deployments", "team", "api", { observedGeneration: 2 });
    expect(withStatus.metadata.generation).toBe(2);
    expect(withStatus.status).toEqual({ observedGeneration: 2 });
    expect(withStatus.metadata.uid).toBe(d.metadata.uid);
  });

  it("a no-op update keeps the resourceVersion and emits nothing", () => {
    const s = new ObjectStore();
    const d = s.create("deployments", deploy());
    const events: WatchEvent[] = [];
    s.watch("deployments", (e) => events.push(e));
    expect(s.update("deployments", d).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it("409 Conflict on a stale resourceVersion, 404 on a missing object", () => {
    const s = new ObjectStore();
    const d = s.create("deployments", deploy());
    s.update("deployments", { ...d, spec: deploy("x:2").spec });
    expect(() => s.update("deployments", { ...d, spec: deploy("x:3").spec }, { expectResourceVersion: d.metadata.resourceVersion })).toThrow(
      expect.objectContaining({ status: 409, reason: "Conflict", message: expect.stringContaining("the object has been modified") }),
    );
    expect(() => s.update("deployments", { ...d, metadata: { ...d.metadata, name: "nope" } })).toThrow(StoreError);
    expect(() => s.updateStatus("deployments", "team", "nope", {})).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("delete returns the object with a new resourceVersion and emits DELETED", () => {
    const s = new ObjectStore();
    s.create("pods", pod("a", "p1"));
    const events: WatchEvent[] = [];
    s.watch("pods", (e) => events.push(e));
    const gone = s.delete("pods", "a", "p1")!;
    expect(gone.metadata.resourceVersion).toBe(s.resourceVersion());
    expect(s.get("pods", "a", "p1")).toBeUndefined();
    expect(s.delete("pods", "a", "p1")).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["DELETED"]);
  });

  it("watch delivers copies synchronously, filters by namespace, and unsubscribes", () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    const stop = s.watch("pods", (e) => {
      seen.push(`${e.type} ${e.object.metadata.name}`);
      e.object.metadata.name = "mutated";
    }, { namespace: "a" });
    s.create("pods", pod("a", "p1"));
    s.create("pods", pod("b", "p2"));
    expect(seen).toEqual(["ADDED p1"]);
    expect(s.get("pods", "a", "p1")).toBeDefined();
    stop();
    s.create("pods", pod("a", "p3"));
    expect(seen).toHaveLength(1);
  });

  it("watch resumes from a resourceVersion by replaying newer events", () => {
    const s = new ObjectStore();
    s.create("pods", pod("a", "p1"));
    const rv = s.resourceVersion();
    s.create("pods", pod("a", "p2"));
    s.delete("pods", "a", "p1");
    const seen: string[] = [];
    s.watch("pods", (e) => seen.push(`${e.type} ${e.object.metadata.name}`), { sinceResourceVersion: rv });
    expect(seen).toEqual(["ADDED p2", "DELETED p1"]);
  });

  it("lists by namespace, label and field selectors, in key order", () => {
    const s = new ObjectStore();
    s.create("pods", pod("b", "z", { app: "api" }, "n2"));
    s.create("pods", pod("a", "y", { app: "api" }, "n1"));
    s.create("pods", pod("a", "x", { app: "web" }, "n2"));
    expect(s.list("pods").items.map((p) => p.metadata.name)).toEqual(["x", "y", "z"]);
    expect(s.list("pods", { namespace: "a" }).items.map((p) => p.metadata.name)).toEqual(["x", "y"]);
    expect(s.list("pods", { labelSelector: "app=api" }).items.map((p) => p.metadata.name)).toEqual(["y", "z"]);
    expect(s.list("pods", { fieldSelector: "spec.nodeName=n2" }).items.map((p) => p.metadata.name)).toEqual(["x", "z"]);
    expect(s.list("pods", { namespace: "a", fieldSelector: "metadata.name=y" }).items.map((p) => p.metadata.name)).toEqual(["y"]);
    expect(() => s.list("pods", { fieldSelector: "spec.bogus=1" })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("pages with limit and an after position", () => {
    const s = new ObjectStore();
    for (const n of ["e", "a", "d", "b", "c"]) s.create("pods", pod("ns", n));
    const p1 = s.list("pods", { limit: 2 });
    expect(p1.items.map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect(p1).toMatchObject({ next: { namespace: "ns", name: "b" }, remaining: 3 });
    s.delete("pods", "ns", "a"); // a deletion before the cursor shifts nothing
    const p2 = s.list("pods", { limit: 2, after: p1.next });
    expect(p2.items.map((p) => p.metadata.name)).toEqual(["c", "d"]);
    const p3 = s.list("pods", { limit: 2, after: p2.next });
    expect(p3.items.map((p) => p.metadata.name)).toEqual(["e"]);
    expect(p3.next).toBeUndefined();
  });

  it("handles 10,000 pods across namespaces without quadratic work", () => {
    const s = new ObjectStore();
    for (let i = 0; i < 10_000; i++) s.create("pods", pod(`ns-${i % 50}`, `p-${i}`, { app: `a${i % 7}` }));
    expect(s.list("pods", { namespace: "ns-3" }).items).toHaveLength(200);
    let after: { namespace: string; name: string } | undefined;
    let total = 0;
    do {
      const page = s.list("pods", { limit: 500, after });
      total += page.items.length;
      after = page.next;
    } while (after);
    expect(total).toBe(10_000);
    expect(s.count("pods")).toBe(10_000);
  });
});
