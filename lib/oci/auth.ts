import { LRUCache } from "lru-cache";
import { classifyHttpError, RegistryFailure } from "./errors";
import { realmRefusal } from "./outbound";
import type { Credential } from "./docker-config";
import type { Answer } from "./transport";

// Registry authentication: the Bearer token flow (anonymous, Basic-authenticated or with an
// OAuth2 refresh token from `identitytoken`) and plain Basic. Tokens are cached per scope until
// shortly before they expire, and one token request per scope is in flight at a time, so a
// burst of resolutions against a new repository costs one token, not one per request.

export type Challenge = { scheme: string; params: Record<string, string> };
type Send = (method: "GET" | "POST", url: string, headers: Record<string, string>, body?: string) => Promise<Answer>;

/** `Bearer realm="…",service="…",scope="…"` → { scheme: "bearer", params }. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^(\w+)\s*(.*)$/s.exec(header.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? "").replace(/\\(.)/g, "$1");
  return { scheme: m[1]!.toLowerCase(), params };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export function createAuth(o: { credentials: (host: string) => Credential | undefined; now: () => number; send: Send; onToken: () => void; insecureHosts?: readonly string[] }) {
  // Bounded (hosts and scopes come from cluster content); expired tokens are also checked on read.
  const tokens = new LRUCache<string, { token: string; expires: number }>({ max: 5_000 });
  const pending = new Map<string, Promise<string>>();
  // What each host asked for last time, so later requests authenticate up front.
  const schemes = new LRUCache<string, Challenge>({ max: 1_000 });

  async function requestToken(host: string, challenge: Challenge, scope: string): Promise<string> {
    // The realm is the registry's choice: checked before any request (and any credential) goes there.
    const { url: realmUrl, refusal } = realmRefusal(challenge.params.realm!, host, o.insecureHosts ?? []);
    if (refusal) throw new RegistryFailure(refusal);
    const cred = o.credentials(host);
    const realm = realmUrl!.toString();
    const service = challenge.params.service;
    o.onToken();
    let res: Answer;
    if (cred?.identityToken) {
      // docker login with an identity token: exchange the refresh token (OAuth2, as Docker and ACR do).
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: cred.identityToken, client_id: "driftwatch", scope });
      if (service) form.set("service", service);
      res = await o.send("POST", realm, { "content-type": "application/x-www-form-urlencoded" }, form.toString());
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set("service", service);
      url.searchParams.set("scope", scope);
      const headers: Record<string, string> = {};
      if (cred?.username !== undefined && cred.password !== undefined) headers.authorization = basic(cred.username, cred.password);
      res = await o.send("GET", url.toString(), headers);
    }
    const what = `token from ${new URL(realm).host}`;
    if (res.status !== 200) throw new RegistryFailure(classifyHttpError(res.status, res.body.toString(), what));
    let body: { token?: string; access_token?: string; expires_in?: number };
    try {
      body = JSON.parse(res.body.toString()) as typeof body;
    } catch {
      throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${what}: answer is not JSON` });
    }
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${what}: no token in the answer` });
    const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
    tokens.set(`${host} ${scope}`, { token, expires: o.now() + Math.max(lifetime * 0.9, lifetime - 30) * 1000 });
    return token;
  }

  /** A token for the scope, fetched at most once at a time. */
  function token(host: string, challenge: Challenge, scope: string): Promise<string> {
    const key = `${host} ${scope}`;
    let p = pending.get(key);
    if (!p) {
      p = requestToken(host, challenge, scope).finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p;
  }

  /** The Authorization header to send, fetching a token first when the host is known to want one. */
  async function header(host: string, scope: string): Promise<string | undefined> {
    const cached = tokens.get(`${host} ${scope}`);
    if (cached && cached.expires > o.now()) return `Bearer ${cached.token}`;
    const cred = o.credentials(host);
    if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
    const known = schemes.get(host);
    if (known?.scheme === "bearer") return `Bearer ${await token(host, known, scope)}`;
    if (known?.scheme === "basic" && cred?.username !== undefined) return basic(cred.username, cred.password ?? "");
    return undefined;
  }

  /** After a 401: true when a retry with (new) credentials is worth it. */
  async function answer(host: string, scope: string, wwwAuthenticate: string | undefined, sent: string | undefined): Promise<boolean> {
    const challenge = parseChallenge(wwwAuthenticate);
    if (!challenge) return false;
    schemes.set(host, challenge);
    if (challenge.scheme === "bearer" && challenge.params.realm) {
      const cached = tokens.get(`${host} ${scope}`);
      // A token we just sent was refused: asking again would give the same one.
      if (cached && sent === `Bearer ${cached.token}`) return false;
      // Another request of the same burst already got one.
      if (cached && cached.expires > o.now()) return true;
      await token(host, challenge, scope);
      return true;
    }
    return challenge.scheme === "basic" && o.credentials(host)?.username !== undefined && !sent?.startsWith("Basic ");
  }

  return { header, answer };
}
