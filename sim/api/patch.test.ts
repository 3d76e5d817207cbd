import { describe, expect, it } from "vitest";
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from "./patch";

const deployment = () => ({
  metadata: { name: "api", labels: { app: "api", keep: "1" } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "app", image: "repo/api:1.8", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], args: ["--x"] },
          { name: "sidecar", image: "repo/proxy:2" },
        ],
        initContainers: [{ name: "init", image: "repo/init:1" }],
      },
    },
  },
});
const containers = (o: unknown) => (o as ReturnType<typeof deployment>).spec.template.spec.containers;

describe("JSON merge patch (RFC 7386)", () => {
  it("merges objects, deletes with null and replaces lists wholesale", () => {
    const out = mergePatch(deployment(), { metadata: { labels: { keep: null, new: "x" } }, spec: { template: { spec: { containers: [{ name: "app", image: "y" }] } } } });
    expect((out as ReturnType<typeof deployment>).metadata.labels).toEqual({ app: "api", new: "x" });
    expect(containers(out)).toEqual([{ name: "app", image: "y" }]);
  });

  it("follows the RFC examples", () => {
    expect(mergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(mergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(mergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch(["a", "b"], ["c", "d"])).toEqual(["c", "d"]);
    expect(mergePatch({ a: "foo" }, "bar")).toBe("bar");
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
  });
});

describe("strategic merge patch", () => {
  it("merges containers by name: changes one image, keeps the rest (what kubectl set image sends)", () => {
    const patch = { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }], containers: [{ name: "app", image: "repo/api@sha256:" + "a".repeat(64) }] } } } };
    const out = strategicMergePatch(deployment(), patch);
    expect(containers(out)).toEqual([
      { ...deployment().spec.template.spec.containers[0], image: "repo/api@sha256:" + "a".repeat(64) },
      { name: "sidecar", image: "repo/proxy:2" },
    ]);
  });

  it("applies $setElementOrder to reorder and merges initContainers and env by name", () => {
    const out = strategicMergePatch(deployment(), {
      spec: { template: { spec: {
        "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }],
        containers: [{ name: "app", env: [{ name: "B", value: "3" }, { name: "C", value: "4" }] }],
        initContainers: [{ name: "init", image: "repo/init:2" }],
      } } },
    }) as ReturnType<typeof deployment>;
    expect(containers(out).map((c) => c.name)).toEqual(["sidecar", "app"]);
    expect(containers(out)[1]!.env).toEqual([{ name: "A", value: "1" }, { name: "B", value: "3" }, { name: "C", value: "4" }]);
    expect(out.spec.template.spec.initContainers).toEqual([{ name: "init", image: "repo/init:2" }]);
  });

  it("honours $patch delete and replace on list items and maps", () => {
    const deleted = strategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } });
    expect(containers(deleted).map((c) => c.name)).toEqual(["app"]);
    const replaced = strategicMergePatch(deployment(), { metadata: { labels: { $patch: "replace", only: "this" } } }) as ReturnType<typeof deployment>;
    expect(replaced.metadata.labels).toEqual({ only: "this" });
    const listReplaced = strategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ $patch: "replace" }, { name: "solo", image: "s:1" }] } } } });
    expect(containers(listReplaced)).toEqual([{ name: "solo", image: "s:1" }]);
    const mapDeleted = strategicMergePatch(deployment(), { metadata: { labels: { $patch: "delete" } } }) as { metadata: Record<string, unknown> };
    expect(mapDeleted.metadata.labels).toBeUndefined();
  });

  it("replaces primitive lists, removes with null, and honours $deleteFromPrimitiveList", () => {
    const out = strategicMergePatch({ args: ["a", "b", "c"], x: 1, finalizers: ["f1", "f2"] }, { args: ["z"], x: null, "$deleteFromPrimitiveList/finalizers": ["f1"] });
    expect(out).toEqual({ args: ["z"], finalizers: ["f2"] });
  });

  it("rejects a keyed list item without its merge key", () => {
    expect(() => strategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ image: "x" }] } } } })).toThrow(PatchError);
  });
});

describe("JSON patch (RFC 6902)", () => {
  it("add, replace, remove, move, copy and test", () => {
    const out = jsonPatch({ a: { b: 1 }, list: [1, 2] }, [
      { op: "test", path: "/a/b", value: 1 },
      { op: "add", path: "/list/-", value: 3 },
      { op: "add", path: "/list/0", value: 0 },
      { op: "replace", path: "/a/b", value: 2 },
      { op: "copy", from: "/a", path: "/c" },
      { op: "move", from: "/c/b", path: "/d" },
      { op: "remove", path: "/list/1" },
      { op: "add", path: "/e~1f", value: true },
    ]);
    expect(out).toEqual({ a: { b: 2 }, list: [0, 2, 3], c: {}, d: 2, "e/f": true });
  });

  it("changes an image by index and leaves the input untouched", () => {
    const input = deployment();
    const out = jsonPatch(input, [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "repo/api:2" }]);
    expect(containers(out)[0]!.image).toBe("repo/api:2");
    expect(input.spec.template.spec.containers[0]!.image).toBe("repo/api:1.8");
  });

  it.each([
    [[{ op: "test", path: "/a", value: 2 }], /test failed/],
    [[{ op: "replace", path: "/missing", value: 1 }], /missing/],
    [[{ op: "remove", path: "/missing" }], /nonexistent/],
    [[{ op: "add", path: "/list/9", value: 1 }], /out of bounds/],
    [[{ op: "bogus", path: "/a" }], /Unexpected kind/],
    [[{ op: "add", path: "a", value: 1 }], /pointer/],
  ])("fails %j", (ops, message) => {
    expect(() => jsonPatch({ a: 1, list: [] }, ops)).toThrow(message);
  });

  it("a failed test aborts the whole patch", () => {
    const input = { a: 1, b: 1 };
    expect(() => jsonPatch(input, [{ op: "replace", path: "/b", value: 2 }, { op: "test", path: "/a", value: 5 }])).toThrow(PatchError);
    expect(input).toEqual({ a: 1, b: 1 });
  });
});
