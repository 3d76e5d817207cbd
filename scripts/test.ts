// `npm test`: every check, in order — prerequisites, types, lint, unit, integration (real
// Postgres, real registry, simulated fleet over HTTPS) and end-to-end (real Chromium).
// Tests get a Postgres of their own and never touch the developer's .data folder.
// Extra arguments pick steps: `npm test -- unit integration`; an unknown one is an error.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedDb } from "../lib/server/db/embedded";
import { checkServer, createScratchDatabase } from "../lib/server/db/databases";
import { assertTestDatabaseAllowed } from "../lib/server/db/loopback-guard";
import { embeddedPostgresAccessProblem } from "../lib/server/db/root-access";
import { projectRoot } from "../lib/server/db/paths";
import { ensurePrereqs } from "./prereqs";

const say = (m: string) => console.log(`[test] ${m}`);
const results = path.join(projectRoot, "test-results");
const counts = { passed: 0, failed: 0, skipped: 0 };
const timings: string[] = [];

function run(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const started = Date.now();
  say(`── ${name} ──`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function addVitestCounts(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  counts.passed += r.numPassedTests;
  counts.failed += r.numFailedTests;
  counts.skipped += r.numPendingTests + r.numTodoTests;
}

function addPlaywrightCounts(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  counts.passed += r.stats.expected + r.stats.flaky;
  counts.failed += r.stats.unexpected;
  counts.skipped += r.stats.skipped;
}

const ALL = ["prereqs", "typecheck", "lint", "unit", "integration", "e2e"];

/** The steps named on the command line (all when none); a misspelt one must not run everything. */
function chooseSteps(argv: string[]): string[] {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  const unknown = positionals.filter((a) => !ALL.includes(a));
  if (unknown.length) throw new Error(`unknown step ${unknown.map((a) => `"${a}"`).join(", ")}; the steps are: ${ALL.join(", ")}`);
  return positionals.length ? ALL.filter((s) => positionals.includes(s)) : ALL;
}

/** Before anything runs (prerequisites included): bad arguments, and a server that may be shared. */
function checkInvocation(): string[] {
  try {
    const steps = chooseSteps(process.argv.slice(2));
    const needsDb = steps.includes("integration") || steps.includes("e2e");
    if (needsDb && process.env.DATABASE_URL) assertTestDatabaseAllowed(process.env.DATABASE_URL, "DATABASE_URL");
    const problem = needsDb && !process.env.DATABASE_URL ? embeddedPostgresAccessProblem(path.join(projectRoot, ".test-data", "pg")) : undefined;
    if (problem) throw new Error(problem);
    return steps;
  } catch (e) {
    console.error(`[test] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

async function main(steps: string[]) {
  const needsDb = steps.includes("integration") || steps.includes("e2e");
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  mkdirSync(path.join(projectRoot, "e2e-artifacts"), { recursive: true });
  const bin = (pkg: string, file: string) => path.join(projectRoot, "node_modules", pkg, file);

  if (steps.includes("prereqs")) ensurePrereqs(say);
  if (!existsSync(path.join(projectRoot, "lib/generated/prisma/client.ts"))) await run("prisma generate", ["--import", "tsx", "scripts/prisma-generate.ts"]);
  if (steps.includes("typecheck")) await run("typecheck", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]);
  if (steps.includes("lint")) await run("lint", [bin("eslint", "bin/eslint.js"), "--max-warnings", "0", "."]);
  if (steps.includes("unit")) {
    try {
      await run("unit tests", [bin("vitest", "vitest.mjs"), "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`]);
    } finally {
      addVitestCounts(`${results}/unit.json`);
    }
  }
  let db: EmbeddedDb | undefined;
  let adminUrl = process.env.DATABASE_URL;
  try {
    if (needsDb) {
      if (adminUrl) {
        say("tests use the PostgreSQL server in DATABASE_URL (each suite creates and drops its own database)");
        await checkServer(adminUrl);
      } else {
        db = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, ".test-data", `pg-${process.pid}`), log: say });
        adminUrl = db.url;
      }
    }
    const env = { ...process.env, DRIFTWATCH_TEST_PG_URL: adminUrl };
    if (steps.includes("integration")) {
      try {
        await run("integration tests", [bin("vitest", "vitest.mjs"), "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/integration.json`], env);
      } finally {
        addVitestCounts(`${results}/integration.json`);
      }
    }
    if (steps.includes("e2e")) {
      const e2eDb = await createScratchDatabase(adminUrl!, "dw_e2e");
      try {
        await run("end-to-end tests", [bin("@playwright/test", "cli.js"), "test"], { ...env, E2E_DATABASE_URL: e2eDb.url, DATABASE_URL: undefined });
      } finally {
        addPlaywrightCounts(`${results}/e2e.json`);
        await e2eDb.drop().catch(() => {});
      }
      // Sign-in (a real OpenID provider, oidc and proxy modes): its own servers and database.
      const authDb = await createScratchDatabase(adminUrl!, "dw_e2e_auth");
      try {
        await run("end-to-end tests (sign-in)", [bin("@playwright/test", "cli.js"), "test", "-c", "playwright.auth.config.ts"], { ...env, E2E_DATABASE_URL: authDb.url, DATABASE_URL: undefined });
      } finally {
        addPlaywrightCounts(`${results}/e2e-auth.json`);
        await authDb.drop().catch(() => {});
      }
    }
  } finally {
    if (db) {
      await db.stop();
      rmSync(db.dataDir, { recursive: true, force: true });
    }
  }
}

main(checkInvocation())
  .then(() => {
    say(`timings: ${timings.join(", ")}`);
    console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    if (counts.failed > 0) {
      // Never trust a runner's exit code alone: a failed test fails the run.
      console.error("[test] failed tests reported although every runner exited 0");
      process.exit(1);
    }
    if (counts.skipped > 0) {
      console.error("[test] skipped tests are not allowed: every test must run");
      process.exit(1);
    }
  })
  .catch((e) => {
    say(`timings: ${timings.join(", ")}`);
    console.error(`[test] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    process.exit(1);
  });
