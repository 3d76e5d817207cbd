import { describe, expect, it } from "vitest";
import { compileFieldSelector, compileLabelSelector, exactName, SelectorError } from "./selectors";

const labels = { app: "api", tier: "backend", "app.kubernetes.io/name": "shop" };

describe("label selectors", () => {
  it.each([
    ["app=api", true],
    ["app==api", true],
    ["app=web", false],
    ["app!=web", true],
    ["missing!=x", true],
    ["app in (web, api)", true],
    ["app in (web)", false],
    ["missing in (x)", false],
    ["app notin (web)", true],
    ["app notin (api,web)", false],
    ["missing notin (x)", true],
    ["tier", true],
    ["missing", false],
    ["!missing", true],
    ["!app", false],
    ["app.kubernetes.io/name=shop,tier in (backend,db),!missing", true],
    ["app=api,tier=frontend", false],
    ["", true],
  ])("%s → %s", (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it.each(["app=(x", "app in x", "=x", "app===x", "a b"])("rejects %s", (s) => {
    expect(() => compileLabelSelector(s)).toThrow(SelectorError);
  });
});

describe("field selectors", () => {
  const pod = { metadata: { name: "p1", namespace: "shop" }, spec: { nodeName: "n1" }, status: { phase: "Running" } };
  it.each([
    ["metadata.name=p1", true],
    ["metadata.name==p1", true],
    ["metadata.name!=p1", false],
    ["metadata.namespace=shop,spec.nodeName=n1", true],
    ["spec.nodeName=n2", false],
    ["status.phase!=Pending", true],
  ])("%s → %s", (selector, expected) => {
    expect(compileFieldSelector(selector, "pods")(pod)).toBe(expected);
  });

  it("rejects fields the resource does not support, like the API server", () => {
    expect(() => compileFieldSelector("spec.nodeName=n1", "deployments")).toThrow(/field label not supported: spec.nodeName/);
    expect(() => compileFieldSelector("nonsense", "pods")).toThrow(SelectorError);
  });

  it("finds the exact name a selector pins", () => {
    expect(exactName("metadata.name=api")).toBe("api");
    expect(exactName("spec.nodeName=n1,metadata.name==x")).toBe("x");
    expect(exactName("metadata.name!=x")).toBeUndefined();
    expect(exactName(undefined)).toBeUndefined();
  });
});
