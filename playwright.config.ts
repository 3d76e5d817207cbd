import { defineConfig, devices } from "@playwright/test";
import { assertTestDatabaseAllowed } from "./lib/server/db/loopback-guard";

// End-to-end tests drive Debian's Chromium (Playwright cannot download its own browser here).
// The web server is Driftwatch itself, started the way a user starts it, on its own database:
// E2E_DATABASE_URL (set by `npm test`), else an embedded Postgres under .test-data/e2e.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The server's DATABASE_URL from E2E_DATABASE_URL, refused unless it is on this machine (specs reset it). */
export function e2eDatabaseEnv(): Record<string, string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return {};
  assertTestDatabaseAllowed(url, "E2E_DATABASE_URL");
  return { DATABASE_URL: url };
}

export default defineConfig({
  testDir: "e2e",
  // Sign-in runs against its own servers: playwright.auth.config.ts.
  testIgnore: ["auth.spec.ts", "viewer-report.spec.ts"],
  outputDir: "test-results/e2e",
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: { baseURL, screenshot: "only-on-failure", trace: "retain-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        channel: undefined,
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: chromium,
          args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DRIFTWATCH_DATA_DIR: ".test-data/e2e",
      DRIFTWATCH_DEMO: process.env.E2E_DEMO ?? "1",
      DRIFTWATCH_POLL_INTERVAL_SECONDS: "5",
      DRIFTWATCH_SOAK_MINUTES: "0.05",
      // The specs force polls back to back; the poll-now limit is tested in e2e/auth.spec.ts.
      DRIFTWATCH_POLL_NOW_EVERY_SECONDS: "0",
      ...e2eDatabaseEnv(),
    },
  },
});
