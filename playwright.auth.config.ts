import { defineConfig } from "@playwright/test";
import base, { e2eDatabaseEnv } from "./playwright.config";

// e2e/auth.spec.ts and e2e/viewer-report.spec.ts: Driftwatch with real sign-in. Three servers,
// started in order: a real OpenID provider (oidc-provider, test/oidc), Driftwatch in oidc mode
// (the simulated demo fleet, polled every 30 s and on request), and Driftwatch in
// proxy mode (no fleet) trusting only 127.0.0.2 as its proxy. The main suite (playwright.config.ts)
// keeps running in the default `none` mode.
const port = Number(process.env.E2E_PORT ?? 3100);
export const authPorts = { oidc: port + 1000, proxy: port + 1200, idp: port + 2000 };
export const idpKeyFile = ".test-data/e2e-auth/idp-key.json";
/** The oidc-mode server's data folder: its simulated fleet's kubeconfig, its embedded Postgres. */
export const oidcDataDir = ".test-data/e2e-auth-oidc";
const oidcUrl = `http://127.0.0.1:${authPorts.oidc}`;
const issuer = `http://127.0.0.1:${authPorts.idp}`;
const db = e2eDatabaseEnv();
const common = { HOST: "127.0.0.1", DRIFTWATCH_OIDC_ISSUER: issuer, DRIFTWATCH_OIDC_CLIENT_ID: "driftwatch", DRIFTWATCH_OPERATORS: "group:sre,email:ana@example.com", ...db };
const server = { command: "node --import tsx scripts/start.ts", timeout: 240_000, reuseExistingServer: false, stdout: "pipe" as const, stderr: "pipe" as const, gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 } };

export default defineConfig({
  ...base,
  testMatch: ["auth.spec.ts", "viewer-report.spec.ts"],
  testIgnore: [],
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-auth.json" }]],
  use: { ...base.use, baseURL: oidcUrl },
  webServer: [
    {
      command: `node --import tsx test/oidc/serve.ts ${authPorts.idp} ${idpKeyFile} ${oidcUrl}`,
      url: `${issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      ...server,
      url: `${oidcUrl}/api/health`,
      env: {
        ...common,
        PORT: String(authPorts.oidc),
        DRIFTWATCH_DATA_DIR: oidcDataDir,
        DRIFTWATCH_DEMO: "1",
        DRIFTWATCH_POLL_INTERVAL_SECONDS: "30",
        DRIFTWATCH_AUTH: "oidc",
        DRIFTWATCH_OIDC_CLIENT_SECRET: "driftwatch-test-secret",
        DRIFTWATCH_PUBLIC_URL: oidcUrl,
        DRIFTWATCH_SESSION_SECRET: "e2e-session-secret-at-least-32-characters-long",
      },
    },
    {
      ...server,
      url: `http://127.0.0.1:${authPorts.proxy}/api/health`,
      env: {
        ...common,
        PORT: String(authPorts.proxy),
        DRIFTWATCH_DATA_DIR: ".test-data/e2e-auth-proxy",
        DRIFTWATCH_DEMO: "0",
        DRIFTWATCH_POLLER: "off",
        DRIFTWATCH_KUBECONFIG: "/nonexistent/kubeconfig",
        DRIFTWATCH_AUTH: "proxy",
        DRIFTWATCH_TRUSTED_PROXIES: "127.0.0.2/32",
        DRIFTWATCH_PROXY_ID_TOKEN: "verify",
      },
    },
  ],
});
