import { describe, expect, it } from "vitest";
import type { LookupAddress } from "node:dns";
import { guardedLookup, isMetadataAddress, isRegistryAllowed, OutboundRefused, realmRefusal, type LookupFn } from "./outbound";

describe("isMetadataAddress", () => {
  it.each([
    ["169.254.169.254", true],
    ["169.254.0.1", true],
    ["169.255.0.1", false],
    ["169.253.255.255", false],
    ["fe80::1", true],
    ["[fe80::1]", true],
    ["fe80::1%eth0", true],
    ["febf:ffff::1", true],
    ["fec0::1", false],
    ["fd00:ec2::254", true],
    ["fd00:ec2::253", false],
    ["::ffff:169.254.169.254", true],
    ["::ffff:a9fe:a9fe", true],
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["::1", false],
    ["registry.example", false],
  ])("%s → %s", (address, expected) => expect(isMetadataAddress(address)).toBe(expected));
});

describe("isRegistryAllowed", () => {
  const list = ["docker.io", "ghcr.io", "*.corp.example", "127.0.0.1:5000"];
  it.each([
    ["docker.io", true],
    ["registry-1.docker.io", true],
    ["index.docker.io", true],
    ["ghcr.io", true],
    ["GHCR.io", true],
    ["ghcr.io.evil.example", false],
    ["registry.corp.example", true],
    ["a.b.corp.example", true],
    ["corp.example", false],
    ["evilcorp.example", false],
    ["127.0.0.1:5000", true],
    ["127.0.0.1:5001", false],
    ["quay.io", false],
  ])("%s → %s", (registry, expected) => expect(isRegistryAllowed(list, registry)).toBe(expected));

  it("allows everything when no list is configured", () => {
    expect([isRegistryAllowed(undefined, "quay.io"), isRegistryAllowed([], "quay.io")]).toEqual([true, true]);
  });
});

describe("realmRefusal", () => {
  it.each([
    ["https://auth.docker.io/token", "registry-1.docker.io", [], undefined],
    ["http://127.0.0.1:5001/token", "127.0.0.1:5000", ["127.0.0.1:5000"], undefined],
    ["http://auth.example/token", "registry.example", [], "token realm auth.example refused: plain http for registry.example, which is not configured as an insecure registry"],
    ["file:///etc/passwd", "registry.example", [], "token realm file: refused: scheme file is not https"],
    ["ftp://auth.example/token", "registry.example", [], "token realm auth.example refused: scheme ftp is not https"],
    ["https://169.254.169.254/token", "registry.example", [], "token realm 169.254.169.254 refused: link-local/metadata address"],
    ["http://169.254.169.254/token", "127.0.0.1:5000", ["127.0.0.1:5000"], "token realm 169.254.169.254 refused: link-local/metadata address"],
    ["https://2852039166/token", "registry.example", [], "token realm 169.254.169.254 refused: link-local/metadata address"],
    ["not a url", "registry.example", [], "registry.example sent a token realm that is not a URL"],
  ])("%s for %s (insecure %j)", (realm, host, insecure, message) => {
    expect(realmRefusal(realm, host, insecure).refusal?.message).toBe(message);
  });
});

describe("guardedLookup", () => {
  const base = (answers: Record<string, string[]>): LookupFn => (hostname, _o, cb) =>
    cb(null, (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  const run = (lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean) =>
    new Promise<{ err: unknown; result: unknown }>((resolve) =>
      lookup(host, { all } as never, ((err: unknown, address: string | LookupAddress[], family?: number) => resolve({ err, result: all ? address : [address, family] })) as never),
    );

  it("answers in the shape asked for when no address is a metadata one", async () => {
    const lookup = guardedLookup(base({ ok: ["10.0.0.5", "10.0.0.6"] }));
    expect(await run(lookup, "ok", false)).toEqual({ err: null, result: ["10.0.0.5", 4] });
    expect(await run(lookup, "ok", true)).toEqual({ err: null, result: [{ address: "10.0.0.5", family: 4 }, { address: "10.0.0.6", family: 4 }] });
  });

  it("refuses a name when any of its addresses is link-local or metadata", async () => {
    const lookup = guardedLookup(base({ mixed: ["10.0.0.5", "169.254.169.254"], v6: ["fd00:ec2::254"] }));
    for (const host of ["mixed", "v6"]) {
      for (const all of [true, false]) {
        const { err } = await run(lookup, host, all);
        expect(err).toBeInstanceOf(OutboundRefused);
        expect((err as Error).message).toBe("it resolves to a link-local/metadata address");
      }
    }
  });
});
