// A fresh copy of the project inside a mode-700 folder (what `mktemp -d` makes, and what /root
// is). As root, embedded Postgres would run as the `postgres` user, who cannot enter it: both
// `npm start` and `npm test` must stop with one line naming the folder and the fix, not a stack
// trace. As any other user the folder is the user's own and nothing stands in the way.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedPostgresAccessProblem } from "@/lib/server/db/root-access";

const isRoot = userInfo().uid === 0;
let closed: string;
let clone: string;

beforeAll(() => {
  closed = mkdtempSync(path.join(tmpdir(), "dw-closed-"));
  clone = path.join(closed, "driftwatch");
  // The files a clone has (tracked and not ignored); dependencies and the generated client as
  // `npm install` would leave them.
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    mkdirSync(path.join(clone, path.dirname(f)), { recursive: true });
    cpSync(f, path.join(clone, f));
  }
  symlinkSync(path.resolve("node_modules"), path.join(clone, "node_modules"));
  cpSync("lib/generated", path.join(clone, "lib/generated"), { recursive: true });
});
afterAll(() => rmSync(closed, { recursive: true, force: true }));

function run(script: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, DRIFTWATCH_DEMO: "0", PORT: "1", NODE_ENV: "production" };
  for (const k of ["DATABASE_URL", "DRIFTWATCH_TEST_PG_URL", "DRIFTWATCH_ROOT", "DRIFTWATCH_DATA_DIR"]) delete env[k];
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: clone, env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, lines: `${r.stdout}${r.stderr}`.split("\n").filter(Boolean) };
}

const expected = (folder: string) =>
  `embedded PostgreSQL cannot run as root from here: it runs as the "postgres" user, who cannot enter ${folder} (mode 700). ` +
  `Fix: put the project in a folder others can enter (e.g. /opt or /srv), or allow passing through with \`chmod o+x ${folder}\`, or set DATABASE_URL to a PostgreSQL of your own.`;

describe("a clone in a mode-700 folder", () => {
  it("is what mktemp makes", () => {
    expect((statSync(closed).mode & 0o777).toString(8)).toBe("700");
  });

  it(isRoot ? "npm start (as root) stops with one line naming the folder and the fix" : "npm start (not root) has nothing in its way", () => {
    if (!isRoot) {
      expect(embeddedPostgresAccessProblem(path.join(clone, ".data", "postgres"))).toBeUndefined();
      return;
    }
    const r = run("scripts/start.ts");
    expect(r).toEqual({
      status: 1,
      lines: ["[driftwatch] starting embedded PostgreSQL (data in .data/postgres)", `[driftwatch] could not start: ${expected(closed)}`],
    });
  });

  it(isRoot ? "npm test (as root) stops the same way before running anything" : "npm test (not root) has nothing in its way", () => {
    if (!isRoot) {
      expect(embeddedPostgresAccessProblem(path.join(clone, ".test-data", "pg"))).toBeUndefined();
      return;
    }
    expect(run("scripts/test.ts")).toEqual({ status: 1, lines: [`[test] ${expected(closed)}`] });
    expect(run("scripts/test.ts", ["integration"])).toEqual({ status: 1, lines: [`[test] ${expected(closed)}`] });
  });
});
