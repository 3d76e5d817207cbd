import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createResolver } from "@/lib/oci/resolver";
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

describe("createRegistryAccess pull-secret resolvers", () => {
  // Real resolvers, counted: the allowlist refuses every registry, so nothing leaves the process.
  const counting = () => {
    const made: { id: number; closed: number }[] = [];
    const make: typeof createResolver = (o) => {
      const r = createResolver(o);
      const entry = { id: made.length, closed: 0 };
      made.push(entry);
      return { ...r, close: () => (entry.closed++, r.close()) };
    };
    return { made, make };
  };
  const cred = (password: string) => [{ username: "puller", password }];
  const ref = { registry: "r.example", repository: "team/app", tag: "1" };

  it("closes the least recently used resolver beyond maxCredentials", async () => {
    const { made, make } = counting();
    const access = createRegistryAccess({ insecureHosts: [], tagTtlMs: 0, allowedRegistries: ["none.example"], maxCredentials: 2, createResolver: make });
    for (const p of ["a", "b", "a", "c"]) await access.resolve("r.example/team/app:1", ref, cred(p));
    // made: base, a, b, c — b was the least recently used when c came.
    expect(made.map((m) => m.closed)).toEqual([0, 0, 1, 0]);
    await access.close();
    expect(made.every((m) => m.closed >= 1)).toBe(true);
  });

  it("closes a resolver whose credential was not used for idleMs", async () => {
    vi.useFakeTimers();
    try {
      const { made, make } = counting();
      const access = createRegistryAccess({ insecureHosts: [], tagTtlMs: 0, allowedRegistries: ["none.example"], idleMs: 60_000, createResolver: make, clock: Date });
      await access.resolve("r.example/team/app:1", ref, cred("old"));
      vi.advanceTimersByTime(30_000);
      await access.resolve("r.example/team/app:1", ref, cred("old")); // still in use: kept
      vi.advanceTimersByTime(59_000);
      expect(made.map((m) => m.closed)).toEqual([0, 0]);
      await access.resolve("r.example/team/app:1", ref, cred("rotated")); // the secret was rotated
      vi.advanceTimersByTime(2_000);
      expect(made.map((m) => m.closed)).toEqual([0, 1, 0]);
      await access.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a registry outside the allowlist as data, without a request", async () => {
    const access = createRegistryAccess({ insecureHosts: [], tagTtlMs: 0, allowedRegistries: ["ghcr.io"] });
    expect(await access.resolve("r.example/team/app:1", ref)).toMatchObject({ status: "error", code: "UNREACHABLE", message: "registry r.example refused: not in the registry allowlist" });
    await access.close();
  });
});
