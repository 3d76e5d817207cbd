import "server-only";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import * as client from "openid-client";
import { safeReturnTo } from "@/lib/server/auth/return-to";
import type { Who } from "@/lib/server/auth/roles";
import { isLoopbackHost, type AuthSettings } from "@/lib/server/auth/settings";

// OpenID Connect with openid-client 6: discovery, authorization code + PKCE, ID-token validation
// (signature, issuer, audience, expiry, nonce), then userinfo for email and groups. Bearer tokens
// from scripts (an ID token, or a JWT access token for our client) are verified with jose against
// the issuer's published keys.

type Oidc = { config: client.Configuration; issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> };

let pending: Promise<Oidc> | undefined;

/** Discovery once per process; a failure is forgotten so the next request asks again. */
export function getOidc(s: AuthSettings): Promise<Oidc> {
  pending ??= discover(s).catch((e) => {
    pending = undefined;
    throw e;
  });
  return pending;
}

async function discover(s: AuthSettings): Promise<Oidc> {
  const issuer = new URL(s.oidc.issuer!);
  // Plain http is accepted for a loopback issuer only (the settings refuse it elsewhere).
  const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.hostname);
  const config = await client.discovery(issuer, s.oidc.clientId, s.oidc.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
  const jwksUri = config.serverMetadata().jwks_uri;
  if (!jwksUri) throw new Error(`the OpenID provider ${issuer.href} publishes no jwks_uri`);
  return { config, issuer: config.serverMetadata().issuer, jwks: createRemoteJWKSet(new URL(jwksUri)) };
}

export const callbackUrl = (s: AuthSettings) => new URL("/api/auth/callback", s.publicUrl).href;


export async function startLogin(s: AuthSettings, returnTo: string) {
  const { config } = await getOidc(s);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(s),
    scope: s.oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url, state: { verifier, state, nonce, returnTo: safeReturnTo(returnTo) } };
}

export async function finishLogin(s: AuthSettings, req: Request, login: { verifier: string; state: string; nonce: string }): Promise<Who> {
  const { config } = await getOidc(s);
  // The URL the provider redirected to, as the public URL names it (we may sit behind a proxy).
  const current = new URL(callbackUrl(s));
  current.search = new URL(req.url).search;
  const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
  const claims = tokens.claims()!;
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  return whoFromClaims({ ...claims, ...info });
}

export function whoFromClaims(c: JWTPayload & Record<string, unknown>): Who {
  const str = (k: string) => (typeof c[k] === "string" && c[k] ? (c[k] as string) : undefined);
  const groups = Array.isArray(c.groups) ? c.groups.filter((g): g is string => typeof g === "string") : undefined;
  return { user: str("name") ?? str("preferred_username") ?? str("email") ?? String(c.sub), email: str("email"), groups };
}

/** Verify a bearer JWT from the issuer (signature, iss, aud, exp); null when it does not verify. */
export async function verifyBearer(s: AuthSettings, token: string): Promise<Who | null> {
  try {
    const { jwks, issuer } = await getOidc(s);
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: s.oidc.audience || undefined, algorithms: ["RS256", "PS256", "ES256", "EdDSA"] });
    return whoFromClaims(payload);
  } catch {
    return null;
  }
}

export const bearerToken = (req: Request) => /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];

export async function endSessionUrl(s: AuthSettings): Promise<string | undefined> {
  try {
    const { config } = await getOidc(s);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, { client_id: s.oidc.clientId, post_logout_redirect_uri: new URL("/login", s.publicUrl).href }).href;
  } catch {
    return undefined;
  }
}
