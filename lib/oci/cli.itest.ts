// `driftwatch resolve` as a user runs it, against real registries with content pushed by the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startRegistry, type TestRegistry } from "@/test/registry/harness";
import { createPusher, type Pushed } from "@/test/registry/push";
import { startFaultProxy } from "@/test/registry/fault-proxy";

type Run = { code: number; json: Record<string, unknown> & { error?: { code: string; message: string; retryAfterMs?: number } }; stderr: string };

// Run from a directory outside the project: the command must not depend on the caller's cwd.
const run = async (args: string[], env: Record<string, string> = {}): Promise<Run> => {
  const opts = { timeout: 30_000, cwd: tmpdir(), env: { ...process.env, DOCKER_CONFIG: path.join(tmpdir(), "dw-no-docker-config"), ...env } };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.resolve("bin/driftwatch.mjs"), ...args], opts);
    return { code: 0, json: JSON.parse(stdout), stderr };
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
    idx = await createPusher(reg).pushIndex("tools/cli", "2", "cli-2", ["linux/amd64", "linux/arm64"]);
  });
  afterAll(async () => reg?.stop());

  it("prints the resolution as one JSON object, with a platform digest on request", async () => {
    const r = await run(["resolve", `${reg.host}/tools/cli:2`, "--insecure", reg.host, "--platform", "linux/arm64"]);
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
    [["resolve", "REG/tools/cli:404", "--insecure", "REG"], 3, "MANIFEST_UNKNOWN"],
    [["resolve", "REG/tools/nothing:1", "--insecure", "REG"], 3, "NAME_UNKNOWN"],
    [["resolve", "REG/tools/cli:2", "--insecure", "REG", "--platform", "linux/s390x"], 3, "MANIFEST_UNKNOWN"],
    [["resolve", "REG/tools/cli:2"], 5, "UNREACHABLE"], // plain http not allowed without --insecure
  ])("%j exits %i with %s", async (args, code, errorCode) => {
    const r = await run((args as string[]).map((a) => a.replace("REG", reg.host)));
    expect([r.code, r.json?.error?.code]).toEqual([code, errorCode]);
  });

  it("rejects bad usage with exit 2 and a message on stderr", async () => {
    const r = await run(["resolve", "--platform"]);
    expect([r.code, r.json]).toEqual([2, null]);
    expect(r.stderr).toMatch(/--platform needs a value[\s\S]*usage: driftwatch resolve/);
  });

  it("exits 6 with retryAfterMs when the registry rate-limits for long", async () => {
    const proxy = await startFaultProxy(reg.host);
    try {
      proxy.setFault({ kind: "status", status: 429, retryAfter: "30", times: 10 });
      const r = await run(["resolve", `${proxy.host}/tools/cli:2`, "--insecure", proxy.host]);
      expect([r.code, r.json.error?.code, r.json.error?.retryAfterMs]).toEqual([6, "TOO_MANY_REQUESTS", 30_000]);
    } finally {
      await proxy.stop();
    }
  });
});

describe("driftwatch resolve with registry credentials", () => {
  let reg: TestRegistry;
  let img: Pushed;
  let dir: string;
  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    img = await createPusher(reg).pushImage("private/app", "1", "private-app-1", { format: "docker" });
    dir = mkdtempSync(path.join(tmpdir(), "dw-cli-cfg-"));
    writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString("base64") } } }));
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits 4 without credentials", async () => {
    const r = await run(["resolve", `${reg.host}/private/app:1`, "--insecure", reg.host]);
    expect([r.code, r.json.error?.code]).toEqual([4, "UNAUTHORIZED"]);
  });

  it("uses --docker-config, or $DOCKER_CONFIG/config.json when none is named", async () => {
    const named = await run(["resolve", `${reg.host}/private/app:1`, "--insecure", reg.host, "--docker-config", path.join(dir, "config.json")]);
    expect([named.code, named.json.digest]).toEqual([0, img.digest]);
    const fromEnv = await run(["resolve", `${reg.host}/private/app:1`, "--insecure", reg.host], { DOCKER_CONFIG: dir });
    expect([fromEnv.code, fromEnv.json.digest, fromEnv.json.platforms]).toEqual([0, img.digest, []]);
  });

  it("reports an unreadable docker config as a usage error", async () => {
    const r = await run(["resolve", `${reg.host}/private/app:1`, "--docker-config", path.join(dir, "missing.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ENOENT|no such file/);
  });
});
