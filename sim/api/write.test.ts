import { describe, expect, it } from "vitest";
import { computeWrite, type WriteRequest } from "./write";
import { RESOURCES } from "./resources";
import type { K8sObject } from "./store";

const info = RESOURCES.find((r) => r.name === "deployments")!;
const current = (): K8sObject => ({
  apiVersion: "apps/v1", kind: "Deployment",
  metadata: { name: "api", namespace: "shop", uid: "u1", resourceVersion: "41", generation: 3, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { replicas: 2, template: { spec: { containers: [{ name: "app", image: "repo/api:1.8" }, { name: "proxy", image: "repo/proxy:2" }] } } },
  status: { observedGeneration: 3, replicas: 2 },
});
const smp = (body: unknown, extra: Partial<WriteRequest> = {}) =>
  computeWrite({ info, method: "PATCH", contentType: "application/strategic-merge-patch+json", body: JSON.stringify(body), current: current(), now: new Date("2026-02-01T00:00:00Z"), ...extra });
const image = (o: K8sObject, i = 0) => (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[i]!.image;
const setImage = (img: string) => ({ spec: { template: { spec: { containers: [{ name: "app", image: img }] } } } });

describe("computeWrite", () => {
  it("computes the would-be object (what dryRun=All returns) without touching the input", () => {
    const input = current();
    const next = computeWrite({ info, method: "PATCH", contentType: "application/strategic-merge-patch+json", body: JSON.stringify(setImage("repo/api@sha256:" + "c".repeat(64))), current: input, fieldManager: "kubectl-set" });
    expect(image(next)).toBe("repo/api@sha256:" + "c".repeat(64));
    expect(image(next, 1)).toBe("repo/proxy:2");
    expect(next.metadata).toMatchObject({ generation: 4, resourceVersion: "41", uid: "u1" });
    expect(next.metadata.managedFields).toEqual([expect.objectContaining({ manager: "kubectl-set", operation: "Update" })]);
    expect(image(input)).toBe("repo/api:1.8");
  });

  it("accepts all three patch types", () => {
    expect(image(smp(setImage("a:1")))).toBe("a:1");
    const merge = smp({ metadata: { annotations: { pinned: "yes" } } }, { contentType: "application/merge-patch+json" });
    expect(merge.metadata.annotations).toEqual({ pinned: "yes" });
    expect(merge.metadata.generation).toBe(3);
    const jp = smp([{ op: "test", path: "/spec/template/spec/containers/0/image", value: "repo/api:1.8" }, { op: "replace", path: "/spec/template/spec/containers/0/image", value: "b:1" }], { contentType: "application/json-patch+json" });
    expect(image(jp)).toBe("b:1");
  });

  it("409 Conflict when the body names another resourceVersion", () => {
    expect(() => smp({ metadata: { resourceVersion: "40" }, ...setImage("a:1") })).toThrow(
      expect.objectContaining({ status: 409, reason: "Conflict", message: 'Operation cannot be fulfilled on deployments.apps "api": the object has been modified; please apply your changes to the latest version and try again' }),
    );
    expect(image(smp({ metadata: { resourceVersion: "41" }, ...setImage("a:1") }))).toBe("a:1");
  });

  it("415 for server-side apply and unknown types, 400 for a broken body", () => {
    expect(() => smp({}, { contentType: "application/apply-patch+yaml" })).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => smp({}, { contentType: "text/plain" })).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => computeWrite({ info, method: "PATCH", contentType: "application/merge-patch+json", body: "{", current: current() })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("keeps status, identity and namespace: only the status subresource changes them", () => {
    const next = smp({ status: { replicas: 99 }, metadata: { uid: "u1", creationTimestamp: "2020-01-01T00:00:00Z" } });
    expect(next.status).toEqual({ observedGeneration: 3, replicas: 2 });
    expect(next.metadata.creationTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(() => smp({ metadata: { namespace: "other" } })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => smp({ metadata: { name: "renamed" } })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("PUT replaces the object; spec validation answers 422 Invalid", () => {
    const replaced = computeWrite({ info, method: "PUT", contentType: "application/json", body: JSON.stringify({ ...current(), spec: { replicas: 1, template: { spec: { containers: [{ name: "only", image: "o:1" }] } } } }), current: current() });
    expect((replaced.spec as { replicas: number }).replicas).toBe(1);
    expect(() => smp(setImage(" "))).toThrow(expect.objectContaining({ status: 422, reason: "Invalid", message: expect.stringContaining("spec.template.spec.containers[0].image: Required value") }));
  });

  it("a patch that changes nothing records no manager", () => {
    const next = smp(setImage("repo/api:1.8"));
    expect(next.metadata.managedFields).toBeUndefined();
    expect(next.metadata.generation).toBe(3);
  });
});
