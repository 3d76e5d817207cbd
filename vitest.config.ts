import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  // `server-only` throws outside React Server Components; tests run server modules directly.
  "server-only": fileURLToPath(new URL("./test/empty.ts", import.meta.url)),
};

// Two projects: `unit` (pure, fast, no processes) and `integration` (real Postgres, real
// registry, simulated fleet over HTTPS). File naming decides: *.test.ts vs *.itest.ts.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["{lib,sim,scripts,bench,components}/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["{lib,sim,scripts,bench,test}/**/*.itest.ts"],
          environment: "node",
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
