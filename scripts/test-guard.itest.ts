// The test entry points guard themselves: a misspelt step fails instead of running everything,
// and a DATABASE_URL that is not on loopback is refused before anything connects to it.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import setup from "@/test/global-setup";

const REFUSAL =
  "refusing to run tests against DATABASE_URL (db.invalid): tests create and drop databases there and only a loopback server is used by default. " +
  "Unset DATABASE_URL to use a throwaway embedded PostgreSQL, or set DRIFTWATCH_TEST_ALLOW_REMOTE_DB=1 if this server is meant for tests.";

function runTestScript(args: string[], env: Record<string, string>) {
  const clean = { ...process.env, ...env };
  delete clean.DRIFTWATCH_TEST_ALLOW_REMOTE_DB;
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/test.ts", ...args], { cwd: process.cwd(), env: clean, encoding: "utf8", timeout: 60_000 });
}

describe("npm test", () => {
  it("refuses a remote DATABASE_URL before any step runs", () => {
    const r = runTestScript([], { DATABASE_URL: "postgresql://u:p@db.invalid/db" });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 1, stdout: "", stderr: `[test] ${REFUSAL}\n` });
  });

  it("fails on an unknown step instead of running everything", () => {
    const r = runTestScript(["unit", "integraton"], {});
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: '[test] unknown step "integraton"; the steps are: prereqs, typecheck, lint, unit, integration, e2e\n',
    });
  });
});

describe("the integration tests' global setup", () => {
  it("refuses a remote server and provides nothing", async () => {
    const saved = { pg: process.env.DRIFTWATCH_TEST_PG_URL, db: process.env.DATABASE_URL, allow: process.env.DRIFTWATCH_TEST_ALLOW_REMOTE_DB };
    const provided: string[] = [];
    const project = { provide: (key: string) => void provided.push(key) } as unknown as Parameters<typeof setup>[0];
    try {
      delete process.env.DRIFTWATCH_TEST_PG_URL;
      delete process.env.DRIFTWATCH_TEST_ALLOW_REMOTE_DB;
      process.env.DATABASE_URL = "postgresql://u:p@db.invalid/db";
      await expect(setup(project)).rejects.toThrow(REFUSAL);
      process.env.DRIFTWATCH_TEST_PG_URL = "postgresql://u:p@10.255.255.1:5432/db";
      await expect(setup(project)).rejects.toThrow("refusing to run tests against DRIFTWATCH_TEST_PG_URL (10.255.255.1:5432)");
      expect(provided).toEqual([]);
    } finally {
      for (const [k, v] of [["DRIFTWATCH_TEST_PG_URL", saved.pg], ["DATABASE_URL", saved.db], ["DRIFTWATCH_TEST_ALLOW_REMOTE_DB", saved.allow]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
