import { afterEach, describe, expect, it, vi } from "vitest";

// getEnv validates process.env once per module instance: each case loads a fresh one.
async function load(allowlist: string) {
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", "postgresql://u@127.0.0.1:5432/db");
  vi.stubEnv("DRIFTWATCH_REGISTRY_ALLOWLIST", allowlist);
  const { getEnv, list } = await import("./env");
  return () => list(getEnv().DRIFTWATCH_REGISTRY_ALLOWLIST);
}

describe("DRIFTWATCH_REGISTRY_ALLOWLIST", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("accepts hosts, host:port, [ipv6]:port and *.domain", async () => {
    const read = await load("docker.io, ghcr.io,registry.corp.example:5000,*.corp.example,[::1]:5000,127.0.0.1:5000");
    expect(read()).toEqual(["docker.io", "ghcr.io", "registry.corp.example:5000", "*.corp.example", "[::1]:5000", "127.0.0.1:5000"]);
  });

  it.each(["https://ghcr.io", "ghcr.io/org", "*", "bad host", "a..b", "host:port"])("refuses %j, naming the setting", async (bad) => {
    const read = await load(`docker.io,${bad}`);
    expect(read).toThrow("invalid configuration: DRIFTWATCH_REGISTRY_ALLOWLIST: DRIFTWATCH_REGISTRY_ALLOWLIST must be comma-separated registries: host, host:port or *.domain");
  });
});
