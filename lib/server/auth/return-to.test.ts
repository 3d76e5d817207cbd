import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("safeReturnTo", () => {
  it.each([
    ["/nodes", "/nodes"],
    ["/workloads/prod-eu/shop/Deployment/checkout?tab=history#pods", "/workloads/prod-eu/shop/Deployment/checkout?tab=history#pods"],
    ["/", "/"],
    ["/a/../audit", "/audit"],
  ])("keeps the same-site path %s", (v, want) => expect(safeReturnTo(v)).toBe(want));

  it.each([
    [undefined], [null], [""], ["nodes"], ["https://evil.example/"], ["//evil.example"], ["/\\evil.example"],
    ["/\t/evil.example"], ["/\n/evil.example"], ["\\/evil.example"], ["/\\/evil.example"], ["javascript:alert(1)"],
  ])("sends %j to /", (v) => expect(safeReturnTo(v)).toBe("/"));
});
