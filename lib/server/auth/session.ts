import "server-only";
import { randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { AuthSettings } from "@/lib/server/auth/settings";

// The browser session: a cookie sealed and signed with DRIFTWATCH_SESSION_SECRET (iron-session),
// HttpOnly, SameSite=Lax, Secure when the public URL is https. It holds who the user is, not
// their role: roles are mapped on every request, so a settings change applies at once.

export const SESSION_COOKIE = "driftwatch_session";
export const LOGIN_COOKIE = "driftwatch_login";
const LOGIN_TTL_SECONDS = 600;

const sessionSchema = z.object({ sid: z.string(), user: z.string().min(1), email: z.string().optional(), groups: z.array(z.string()).optional(), exp: z.number() });
export type SessionData = z.infer<typeof sessionSchema>;

const loginSchema = z.object({ verifier: z.string(), state: z.string(), nonce: z.string(), returnTo: z.string() });
export type LoginState = z.infer<typeof loginSchema>;

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function cookie(name: string, value: string, maxAge: number, s: AuthSettings) {
  const secure = s.publicUrl?.protocol === "https:" ? "; Secure" : "";
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

async function unseal<T>(req: Request, name: string, schema: z.ZodType<T>, s: AuthSettings, ttl: number): Promise<T | null> {
  const sealed = readCookie(req, name);
  if (!sealed || !s.session.secret) return null;
  try {
    const parsed = schema.safeParse(await unsealData(sealed, { password: s.session.secret, ttl }));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // tampered, or sealed with a rotated secret
  }
}

// Signed-out sessions, until they would have expired anyway: a copy of the cookie taken before
// sign-out is refused too. In memory, so per replica (see README "Security").
const revoked = new LRUCache<string, true>({ max: 100_000 });

export async function readSession(req: Request, s: AuthSettings, now = Date.now()): Promise<SessionData | null> {
  const data = await unseal(req, SESSION_COOKIE, sessionSchema, s, s.session.ttlSeconds);
  return data && data.exp > now && !revoked.has(data.sid) ? data : null;
}

export function revokeSession(data: SessionData, now = Date.now()) {
  if (data.exp > now) revoked.set(data.sid, true, { ttl: data.exp - now });
}

export async function sessionCookie(who: Omit<SessionData, "exp" | "sid">, s: AuthSettings, now = Date.now()) {
  const ttl = s.session.ttlSeconds;
  const sealed = await sealData({ ...who, sid: randomUUID(), exp: now + ttl * 1000 }, { password: s.session.secret, ttl });
  return cookie(SESSION_COOKIE, sealed, ttl, s);
}

export const clearCookie = (name: string, s: AuthSettings) => cookie(name, "", 0, s);

export const readLoginState = (req: Request, s: AuthSettings) => unseal(req, LOGIN_COOKIE, loginSchema, s, LOGIN_TTL_SECONDS);

export async function loginCookie(state: LoginState, s: AuthSettings) {
  return cookie(LOGIN_COOKIE, await sealData(state, { password: s.session.secret, ttl: LOGIN_TTL_SECONDS }), LOGIN_TTL_SECONDS, s);
}
