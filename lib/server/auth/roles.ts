import type { Role } from "@/lib/server/auth/identity";
import type { AuthSettings } from "@/lib/server/auth/settings";

// DRIFTWATCH_OPERATORS / DRIFTWATCH_VIEWERS: comma-separated `group:NAME`, `email:ADDRESS` or
// `user:NAME`. Operator rules win; an authenticated user matching nothing is a viewer, or refused
// with DRIFTWATCH_DENY_UNMAPPED=on.

export type Who = { user: string; email?: string; groups?: string[] };

type Rule = { kind: "group" | "email" | "user"; value: string };

export function parseRules(value: string): Rule[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(group|email|user):(.+)$/.exec(entry);
      if (!m) throw new Error(`"${entry}" must be group:NAME, email:ADDRESS or user:NAME`);
      return { kind: m[1] as Rule["kind"], value: m[1] === "email" ? m[2]!.toLowerCase() : m[2]! };
    });
}

const matches = (rules: Rule[], who: Who) =>
  rules.some((r) => (r.kind === "group" ? (who.groups ?? []).includes(r.value) : r.kind === "email" ? who.email?.toLowerCase() === r.value : who.user === r.value));

/** The role for an authenticated user, or null when unmapped users are refused. */
export function roleFor(who: Who, roles: AuthSettings["roles"]): Role | null {
  if (matches(parseRules(roles.operators), who)) return "operator";
  if (matches(parseRules(roles.viewers), who)) return "viewer";
  return roles.denyUnmapped ? null : "viewer";
}
