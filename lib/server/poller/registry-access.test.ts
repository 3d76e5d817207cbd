import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRegistryAccess } from "./registry-access";

describe("createRegistryAccess with DRIFTWATCH_DOCKER_CONFIG", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dw-dockercfg-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const opts = { insecureHosts: [], tagTtlMs: 0 };

  it("names the file and the reason when it cannot be read", () => {
    const missing = path.join(dir, "missing.json");
    expect(() => createRegistryAccess({ ...opts, dockerConfigPath: missing })).toThrow(`DRIFTWATCH_DOCKER_CONFIG ${missing} cannot be read: ENOENT`);
  });

  it("names the file when it is not a docker config", () => {
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    expect(() => createRegistryAccess({ ...opts, dockerConfigPath: broken })).toThrow(new RegExp(`DRIFTWATCH_DOCKER_CONFIG ${broken}: docker config is not valid JSON`));
  });
});
