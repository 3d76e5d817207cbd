import { describe, expect, it } from "vitest";
import { compactNames, describeMatch } from "./search-where";

describe("search result wording", () => {
  it("compacts node names sharing a stem", () => {
    expect(compactNames(["eu-node-3", "eu-node-4", "eu-node-5", "eu-node-6"])).toBe("eu-node-3, -4, -5, -6");
    expect(compactNames(["eu-node-1", "us-node-2"])).toBe("eu-node-1, us-node-2");
    expect(compactNames(["a", "b", "c"], 2)).toBe("a, b +1 more");
  });
  it("says where a digest runs", () => {
    const d = `sha256:529cbb${"0".repeat(58)}`;
    expect(describeMatch({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", matched: "digest", digest: d, nodes: ["eu-node-3", "eu-node-4"], pods: ["p1"], status: "drift" }))
      .toEqual({ subject: "sha256:529cbb…", where: "runs in prod-eu shop/checkout on eu-node-3, -4" });
  });
});
