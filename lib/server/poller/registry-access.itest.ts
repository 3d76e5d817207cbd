// DRIFTWATCH_DOCKER_CONFIG against a real registry that wants credentials (docker-registry with
// htpasswd): the file's credentials are what gets a private tag resolved.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type TestRegistry } from "@/test/registry/harness";
import { createPusher } from "@/test/registry/push";
import { createRegistryAccess } from "./registry-access";

describe("createRegistryAccess with a valid DRIFTWATCH_DOCKER_CONFIG", () => {
  let reg: TestRegistry;
  let dir: string;
  let pushed: string;
  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    pushed = (await createPusher(reg).pushImage("team/api", "1.0", "registry-access")).digest;
    dir = mkdtempSync(path.join(tmpdir(), "dw-dockercfg-"));
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("resolves a private tag with the file's credentials, and is refused without them", async () => {
    const good = path.join(dir, "config.json");
    writeFileSync(good, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString("base64") } } }));
    const opts = { insecureHosts: [reg.host], tagTtlMs: 0 };
    const withConfig = createRegistryAccess({ ...opts, dockerConfigPath: good });
    const without = createRegistryAccess(opts);
    try {
      const ref = `${reg.host}/team/api:1.0`;
      const ok = await withConfig.resolveKey(ref);
      expect(ok.status === "ok" ? { reference: ok.reference, digest: ok.digest } : ok).toEqual({ reference: ref, digest: pushed });
      const refused = await without.resolveKey(ref);
      expect(refused.status === "error" ? refused.code : refused).toBe("UNAUTHORIZED");
    } finally {
      await Promise.all([withConfig.close(), without.close()]);
    }
  });

  it("dials the mapped endpoint for a registry named by alias, with the alias's credentials", async () => {
    const alias = "registry.alias.internal";
    const cfg = path.join(dir, "alias.json");
    writeFileSync(cfg, JSON.stringify({ auths: { [alias]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString("base64") } } }));
    const mapped = createRegistryAccess({ insecureHosts: [alias], endpoints: { [alias]: reg.host }, tagTtlMs: 0, dockerConfigPath: cfg });
    const unmapped = createRegistryAccess({ insecureHosts: [alias], tagTtlMs: 0, dockerConfigPath: cfg });
    try {
      const ref = `${alias}/team/api:1.0`;
      const ok = await mapped.resolveKey(ref);
      expect(ok.status === "ok" ? { reference: ok.reference, digest: ok.digest } : ok).toEqual({ reference: ref, digest: pushed });
      // Without the mapping the name is looked up and does not exist.
      const lost = await unmapped.resolveKey(ref);
      expect(lost.status === "error" ? lost.code : lost).toBe("UNREACHABLE");
    } finally {
      await Promise.all([mapped.close(), unmapped.close()]);
    }
  });
});
