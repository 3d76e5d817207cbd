import { describe, expect, it } from "vitest";
import { parseRules, roleFor } from "@/lib/server/auth/roles";

const roles = { operators: "group:sre,email:Ana@Example.com,user:root", viewers: "group:audit", denyUnmapped: false };

describe("role mapping", () => {
  it("operators by group, email (any case) or user; viewers by rule; unmapped are viewers", () => {
    const who = [
      { user: "x", groups: ["dev", "sre"] },
      { user: "x", email: "ana@example.com" },
      { user: "root" },
      { user: "y", groups: ["audit"] },
      { user: "z", groups: ["dev"] },
    ];
    expect(who.map((w) => roleFor(w, roles))).toEqual(["operator", "operator", "operator", "viewer", "viewer"]);
  });

  it("DRIFTWATCH_DENY_UNMAPPED=on refuses users who match no rule", () => {
    const deny = { ...roles, denyUnmapped: true };
    expect([roleFor({ user: "z", groups: ["dev"] }, deny), roleFor({ user: "y", groups: ["audit"] }, deny), roleFor({ user: "root" }, deny)]).toEqual([null, "viewer", "operator"]);
  });

  it("rejects malformed rules", () => {
    expect(() => parseRules("sre")).toThrow('"sre" must be group:NAME, email:ADDRESS or user:NAME');
  });
});
