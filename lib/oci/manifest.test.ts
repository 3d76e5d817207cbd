import { describe, expect, it } from "vitest";
import { parseIndexPlatforms, selectPlatform } from "./manifest";
import { RegistryFailure } from "./errors";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const index = (manifests: unknown[]) => Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }));

describe("parseIndexPlatforms", () => {
  it("lists platform manifests and skips attestations", () => {
    const body = index([
      { mediaType: "m", digest: d("a"), size: 1, platform: { os: "linux", architecture: "amd64" } },
      { mediaType: "m", digest: d("b"), size: 1, platform: { os: "linux", architecture: "arm", variant: "v7" } },
      { mediaType: "m", digest: d("c"), size: 1, platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest" } },
      { mediaType: "m", digest: d("e"), size: 1 },
    ]);
    expect(parseIndexPlatforms(body, "x")).toEqual([
      { os: "linux", architecture: "amd64", digest: d("a") },
      { os: "linux", architecture: "arm", variant: "v7", digest: d("b") },
    ]);
  });

  it.each([
    ["not json", Buffer.from("{")],
    ["no manifests", Buffer.from(JSON.stringify({ schemaVersion: 2 }))],
    ["bad digest", index([{ digest: "sha256:xyz", platform: { os: "linux", architecture: "amd64" } }])],
    ["schema 1", Buffer.from(JSON.stringify({ schemaVersion: 1, manifests: [] }))],
  ])("rejects %s as INVALID_RESPONSE", (_, body) => {
    try {
      parseIndexPlatforms(body, "x");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegistryFailure);
      expect((e as RegistryFailure).error.code).toBe("INVALID_RESPONSE");
    }
  });
});

describe("selectPlatform", () => {
  const platforms = [
    { os: "linux", architecture: "amd64", digest: d("1") },
    { os: "linux", architecture: "arm64", variant: "v8", digest: d("2") },
    { os: "linux", architecture: "arm", variant: "v7", digest: d("3") },
    { os: "windows", architecture: "amd64", digest: d("4") },
  ];
  it.each([
    [{ os: "linux", architecture: "amd64" }, d("1")],
    [{ os: "linux", architecture: "arm64" }, d("2")],
    [{ os: "linux", architecture: "arm64", variant: "v8" }, d("2")],
    [{ os: "linux", architecture: "arm", variant: "v7" }, d("3")],
    [{ os: "linux", architecture: "arm", variant: "v6" }, undefined],
    [{ os: "windows", architecture: "amd64" }, d("4")],
    [{ os: "linux", architecture: "s390x" }, undefined],
  ])("%j → %s", (want, digest) => expect(selectPlatform(platforms, want)).toBe(digest));
});
