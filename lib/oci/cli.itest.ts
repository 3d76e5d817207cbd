// `driftwatch resolve` as a user runs it, against a real registry with content pushed by the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startRegistry, type TestRegistry } from "@/test/registry/harness";
import { createPusher, type Pushed } from "@/test/registry/push";

const run = async (...args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/driftwatch.mjs", ...args], { timeout: 30_000 });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: err.stdout ? JSON.parse(err.stdout) : null, stderr: err.stderr };
  }
};

describe("driftwatch resolve", () => {
  let reg: TestRegistry;
  let idx: Pushed;
  beforeAll(async () => {
    reg = await startRegistry();
    idx = await createPusher(reg).index("tools/cli", "2", "cli-2", ["linux/amd64", "linux/arm64"]);
  });
  afterAll(async () => reg?.stop());

  it("prints the resolution as one JSON object, with a platform digest on request", async () => {
    const r = await run("resolve", `${reg.host}/tools/cli:2`, "--insecure", reg.host, "--platform", "linux/arm64");
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      reference: `${reg.host}/tools/cli:2`, registry: reg.host, repository: "tools/cli", tag: "2", digest: idx.digest,
      mediaType: "application/vnd.oci.image.index.v1+json",
      platforms: idx.children!.map((c) => ({ os: "linux", architecture: c.platform.split("/")[1], variant: null, digest: c.digest })),
      platformDigest: idx.children![1]!.digest,
    });
  });

  it.each([
    [["resolve", "Not/Valid"], 2, "INVALID_REFERENCE"],
    [["resolve", "REG/tools/cli:404"], 3, "MANIFEST_UNKNOWN"],
    [["resolve", "REG/tools/cli:2"], 5, "UNREACHABLE"], // plain http not allowed without --insecure
  ])("%j exits %i with %s", async (args, code, errorCode) => {
    const withHost = (args as string[]).map((a) => a.replace("REG", reg.host));
    const insecure = errorCode === "MANIFEST_UNKNOWN" ? ["--insecure", reg.host] : [];
    const r = await run(...withHost, ...insecure);
    expect([r.code, r.json?.error?.code]).toEqual([code, errorCode]);
  });

  it("rejects bad usage with exit 2 and a message", async () => {
    const r = await run("resolve", "--platform");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: driftwatch resolve/);
  });
});
