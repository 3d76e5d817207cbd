// `npm run sim` as a user runs it: a child process that prints one JSON "ready" line, serves the
// fleet to the real kubectl and the control endpoint, stops cleanly on SIGTERM, and refuses a
// broken fleet file with the path of the problem.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "dw-sim-cli-"));
  dirs.push(d);
  return d;
};

describe("npm run sim", () => {
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("starts the demo fleet for kubectl and stops on SIGTERM", async () => {
    const out = tempDir();
    const child = spawn(process.execPath, ["--import", "tsx", "sim/cli.ts", "--out", out], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      const ready = await new Promise<{ kubeconfig: string; control: string; clusters: { context: string }[] }>((resolve, reject) => {
        let buf = "";
        child.stdout.on("data", (d: Buffer) => {
          buf += d.toString();
          const line = buf.split("\n").find((l) => l.startsWith("{"));
          if (line) resolve(JSON.parse(line));
        });
        child.on("exit", (code) => reject(new Error(`sim exited early (${code})`)));
      });
      expect(ready.clusters.map((c) => c.context)).toEqual(["prod-eu", "prod-us", "staging"]);
      const { stdout } = await run("/usr/bin/kubectl", ["--kubeconfig", ready.kubeconfig, "--context", "staging", "get", "nodes", "--no-headers", "-o", "custom-columns=NAME:.metadata.name"], { timeout: 30_000 });
      expect(stdout.trim().split("\n")).toEqual(["stg-node-1", "stg-node-2"]);
      const state = (await (await fetch(`${ready.control}/state`)).json()) as { clusters: unknown[] };
      expect(state.clusters).toHaveLength(3);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("refuses a broken fleet file, naming the problem", async () => {
    const dir = tempDir();
    const fleet = path.join(dir, "fleet.json");
    writeFileSync(fleet, JSON.stringify({ registry: { builds: {}, repositories: {} }, clusters: [{ name: "c", environment: "x", nodes: [{ name: "n", arch: "sparc" }] }] }));
    const err = await run(process.execPath, ["--import", "tsx", "sim/cli.ts", "--fleet", fleet, "--out", dir], { cwd: process.cwd(), timeout: 30_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1, stderr: expect.stringMatching(/clusters\.0\.nodes\.0\.arch/) });
  });
});
