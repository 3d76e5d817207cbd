// A real OpenID provider for tests (oidc-provider, by the author of openid-client), on loopback.
// Its dev login form accepts any password; the login name picks one of ACCOUNTS. Email, name and
// groups come from userinfo, as with most real providers. The signing key is generated here so
// tests can also mint tokens "from the issuer" (valid and expired) for bearer checks.
import type { Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import Provider from "oidc-provider";

export type TestAccount = { name: string; email: string; groups: string[] };

export const ACCOUNTS: Record<string, TestAccount> = {
  ana: { name: "Ana Operator", email: "ana@example.com", groups: ["sre"] },
  victor: { name: "Victor Viewer", email: "victor@example.com", groups: ["developers"] },
};

export type TestIdp = { issuer: string; privateJwk: JWK; stop: () => Promise<void> };

export async function startTestIdp(opts: { port: number; clientId: string; clientSecret: string; redirectUris: string[] }): Promise<TestIdp> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [privateJwk] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    pkce: { required: () => true },
    cookies: { keys: ["driftwatch-test-idp-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, email: account.email, email_verified: true, groups: account.groups }) };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(opts.port, "127.0.0.1", () => resolve(s));
  });
  return { issuer, privateJwk, stop: () => new Promise((r) => server.close(() => r())) };
}

/** A JWT signed with the issuer's own key (as an ID token would be); `expiresIn` may be negative. */
export async function mintToken(idp: { issuer: string; privateJwk: JWK }, claims: { sub: string; aud: string; email?: string; name?: string }, expiresInSeconds: number) {
  const { importJWK } = await import("jose");
  const key = await importJWK(idp.privateJwk, "RS256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: claims.email, name: claims.name })
    .setProtectedHeader({ alg: "RS256", kid: idp.privateJwk.kid })
    .setIssuer(idp.issuer)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setIssuedAt(now - 3600)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key);
}

/** Same claims, signed with a key the issuer never published. */
export async function forgeToken(issuer: string, claims: { sub: string; aud: string; email?: string }) {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({ email: claims.email })
    .setProtectedHeader({ alg: "RS256", kid: "test-key-1" })
    .setIssuer(issuer)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
}
