import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm start` on a non-loopback HOST with no authentication refuses before it starts anything
// (no Postgres, no build, no port), and says which setting would allow it.
const root = path.join(__dirname, "..");

function start(env: Record<string, string>) {
  const { DRIFTWATCH_AUTH: _a, DRIFTWATCH_ALLOW_UNAUTHENTICATED: _b, ...rest } = process.env;
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env: { ...rest, DRIFTWATCH_DATA_DIR: ".test-data/exposure-never-created", ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("start-up exposure check", () => {
  it("HOST=0.0.0.0 with no authentication refuses to start", () => {
    const r = start({ HOST: "0.0.0.0", PORT: "3999" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[driftwatch] could not start: HOST=0.0.0.0 is not a loopback address and DRIFTWATCH_AUTH is "none"');
    expect(r.stderr).toContain("set DRIFTWATCH_ALLOW_UNAUTHENTICATED=1 to allow it deliberately");
    expect(r.stdout).not.toContain("PostgreSQL");
  });
});
