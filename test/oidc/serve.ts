// `node --import tsx test/oidc/serve.ts PORT KEYFILE APP_URL...`: the test OpenID provider as a
// process (Playwright's webServer for e2e/auth.spec.ts). Writes the issuer's signing key to
// KEYFILE so the spec can mint tokens "from the issuer".
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestIdp } from "./provider";

const [port, keyFile, ...appUrls] = process.argv.slice(2);
if (!port || !keyFile || appUrls.length === 0) throw new Error("usage: serve.ts PORT KEYFILE APP_URL...");
const idp = await startTestIdp({ port: Number(port), clientId: "driftwatch", clientSecret: "driftwatch-test-secret", redirectUris: appUrls.map((u) => `${u}/api/auth/callback`) });
mkdirSync(path.dirname(keyFile), { recursive: true });
writeFileSync(keyFile, JSON.stringify({ issuer: idp.issuer, privateJwk: idp.privateJwk }));
console.log(`test OpenID provider at ${idp.issuer}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void idp.stop().then(() => process.exit(0)));
