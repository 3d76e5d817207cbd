// A small token server for the registry's Bearer flow (what Docker Hub and GHCR do): JWT ES256
// with raw r||s signatures and the signing certificate in the x5c header. It answers the
// classic GET (anonymous or Basic) and the OAuth2 refresh-token POST used with identity tokens.
import { createServer, type IncomingMessage } from "node:http";
import { createPrivateKey, randomUUID, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export type TokenServerOptions = { user: string; password: string; identityToken: string; keyPath: string; service: string; issuer: string };

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

/** Who is asking: a user name, "" for anonymous, or null for bad credentials. */
function caller(o: TokenServerOptions, req: IncomingMessage, form: URLSearchParams | null): string | null {
  if (form) return form.get("grant_type") === "refresh_token" && form.get("refresh_token") === o.identityToken ? o.user : null;
  const auth = req.headers.authorization;
  if (!auth?.startsWith("Basic ")) return "";
  const decoded = Buffer.from(auth.slice(6), "base64").toString();
  const i = decoded.indexOf(":");
  return decoded.slice(0, i) === o.user && decoded.slice(i + 1) === o.password ? o.user : null;
}

export async function startTokenServer(o: TokenServerOptions) {
  const key = createPrivateKey(readFileSync(o.keyPath));
  const der = new X509Certificate(readFileSync(o.keyPath.replace(/\.key$/, ".crt"), "utf8")).raw.toString("base64");
  const requests: { method: string; scope: string; user: string | null }[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const form = req.method === "POST" ? new URLSearchParams(await readBody(req)) : null;
    const user = caller(o, req, form);
    const scope = (form ?? url.searchParams).get("scope") ?? "";
    requests.push({ method: req.method ?? "", scope, user });
    if (user === null) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
      return;
    }
    const [type, name] = scope.split(":");
    // Anonymous callers get a token with no access: the registry then refuses them.
    const access = user && type && name ? [{ type, name, actions: ["pull", "push", "delete"] }] : [];
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "ES256", typ: "JWT", x5c: [der] }));
    const claims = b64url(JSON.stringify({ iss: o.issuer, sub: user, aud: o.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const sig = sign("sha256", Buffer.from(`${header}.${claims}`), { key, dsaEncoding: "ieee-p1363" });
    const jwt = `${header}.${claims}.${b64url(sig)}`;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(form ? { access_token: jwt, expires_in: 300 } : { token: jwt, expires_in: 300 }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Every token request so far (tests count them). */
    requests,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
