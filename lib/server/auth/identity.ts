import "server-only";

// Who is asking. Every API request and every page resolves to one Identity (or none) here; the
// modes (oidc, proxy, none) plug in behind `authenticate`.
export type Role = "viewer" | "operator";
export type AuthMode = "oidc" | "proxy" | "none";
export type Identity = { user: string; email?: string; groups?: string[]; role: Role; mode: AuthMode; via: "session" | "bearer" | "proxy" | "local" };

const RANK: Record<Role, number> = { viewer: 1, operator: 2 };
export const hasRole = (id: Identity, needed: Role) => RANK[id.role] >= RANK[needed];

/** Resolve the caller. `none` mode: one local operator (the server only listens on loopback). */
export async function authenticate(_req: Request): Promise<Identity | null> {
  return { user: "local", role: "operator", mode: "none", via: "local" };
}
