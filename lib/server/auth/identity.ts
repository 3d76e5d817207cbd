import "server-only";
import { bearerToken, verifyBearer } from "@/lib/server/auth/oidc";
import { peerAddress } from "@/lib/server/auth/peer";
import { roleFor, type Who } from "@/lib/server/auth/roles";
import { readSession } from "@/lib/server/auth/session";
import { getAuthSettings, isLoopbackHost, type AuthSettings } from "@/lib/server/auth/settings";

// Who is asking. Every API request and every page resolves to one Identity (or none) here:
//  - none:  one local operator (allowed only on loopback, see settings.exposureProblem);
//  - oidc:  the sealed session cookie, or `Authorization: Bearer <JWT from the issuer>`;
//  - proxy: identity headers, believed only from DRIFTWATCH_TRUSTED_PROXIES, optionally backed
//           by the forwarded ID token.
export type Role = "viewer" | "operator";
export type AuthMode = "oidc" | "proxy" | "none";
export type Identity = { user: string; email?: string; groups?: string[]; role: Role; mode: AuthMode; via: "session" | "bearer" | "proxy" | "local" };

const RANK: Record<Role, number> = { viewer: 1, operator: 2 };
export const hasRole = (id: Identity, needed: Role) => RANK[id.role] >= RANK[needed];

export async function authenticate(req: Request): Promise<Identity | null> {
  const s = getAuthSettings();
  if (s.mode === "none") {
    // Defence in depth for a server started some other way than `npm start` on a public
    // address: without sign-in, only this machine is the local operator.
    const peer = peerAddress(req);
    if (peer && !isLoopbackHost(peer) && !s.allowUnauthenticated) return null;
    return { user: "local", role: "operator", mode: "none", via: "local" };
  }
  if (s.mode === "proxy") return authenticateProxy(req, s);
  const token = bearerToken(req);
  if (token) return withRole(await verifyBearer(s, token), s, "bearer");
  if (req.headers.has("authorization")) return null; // a malformed Authorization never falls back to the cookie
  return withRole(await readSession(req, s), s, "session");
}

function withRole(who: Who | null, s: AuthSettings, via: Identity["via"]): Identity | null {
  if (!who) return null;
  const role = roleFor(who, s.roles);
  return role ? { user: who.user, email: who.email, groups: who.groups, role, mode: s.mode, via } : null;
}

async function authenticateProxy(req: Request, s: AuthSettings): Promise<Identity | null> {
  const peer = peerAddress(req);
  // Headers from anyone but the proxy are ignored: they are trivially forged.
  if (!peer || !s.proxy.trusted.check(peer, peer.includes(":") ? "ipv6" : "ipv4")) return null;
  const user = req.headers.get(s.proxy.userHeader)?.trim();
  if (!user) return null;
  const email = req.headers.get(s.proxy.emailHeader)?.trim() || undefined;
  const groups = (req.headers.get(s.proxy.groupsHeader) ?? "").split(",").map((g) => g.trim()).filter(Boolean);
  if (s.proxy.idToken !== "off") {
    const token = bearerToken(req);
    if (!token) {
      if (s.proxy.idToken === "require" || req.headers.has("authorization")) return null;
    } else {
      const verified = await verifyBearer(s, token);
      // The token must verify and name the same person the headers do.
      if (!verified || (verified.email && email && verified.email.toLowerCase() !== email.toLowerCase())) return null;
    }
  }
  return withRole({ user, email, groups }, s, "proxy");
}
