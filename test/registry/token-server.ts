// A small token server for the registry's Bearer flow (what Docker Hub and GHCR do): JWT ES256
// with raw r||s signatures and the signing certificate in the x5c header.
import { createServer } from "node:http";
import { createPrivateKey, randomUUID, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export async function startTokenServer(opts: { user: string; password: string; keyPath: string; service: string }) {
  const key = createPrivateKey(readFileSync(opts.keyPath));
  const certPem = readFileSync(opts.keyPath.replace(/\.key$/, ".crt"), "utf8");
  const der = new X509Certificate(certPem).raw.toString("base64");
  let issued = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization;
    let user = "";
    if (auth?.startsWith("Basic ")) {
      const [u, p] = Buffer.from(auth.slice(6), "base64").toString().split(":");
      if (u !== opts.user || p !== opts.password) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
        return;
      }
      user = u;
    }
    const scope = url.searchParams.get("scope") ?? "";
    const [type, name] = scope.split(":");
    // Anonymous callers get a token with no access: the registry then refuses them.
    const access = user && type && name ? [{ type, name, actions: ["pull", "push", "delete", "*"] }] : [];
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "ES256", typ: "JWT", x5c: [der] }));
    const claims = b64url(JSON.stringify({ iss: "driftwatch-test-issuer", sub: user, aud: opts.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const sig = sign("sha256", Buffer.from(`${header}.${claims}`), { key, dsaEncoding: "ieee-p1363" });
    issued++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: `${header}.${claims}.${b64url(sig)}`, expires_in: 300 }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issued: () => issued,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
