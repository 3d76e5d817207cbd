// The simulated kubelet's pull, table by table: pull-policy defaults, the node cache under
// IfNotPresent and Always, platform matching, missing tags, registry faults and private
// repositories — with the messages a real kubelet/containerd reports, which lib/drift classifies.
import { describe, expect, it } from "vitest";
import { classifyPullFailure } from "@/lib/drift/pull-failure";
import { effectivePullPolicy, nodeImages, pullImage, type NodeCache } from "./kubelet";
import { RegistryModel } from "./registry";

const HOST = "127.0.0.1:5000";
function registry() {
  const m = new RegistryModel();
  m.addBuild({ name: "api-1", platforms: ["linux/amd64", "linux/arm64"], format: "oci" });
  m.addBuild({ name: "api-2", platforms: ["linux/amd64", "linux/arm64"], format: "oci" });
  m.addBuild({ name: "arm-only", platforms: ["linux/arm64"], format: "oci", index: true });
  m.setTag("team/api", "1", "api-1");
  m.setTag("team/arm", "1", "arm-only");
  m.setTag("team/secret", "1", "api-1");
  m.privateRepos.add("team/secret");
  return m;
}
const pull = (image: string, o: Partial<Parameters<typeof pullImage>[0]> = {}) =>
  pullImage({ image: `${HOST}/${image}`, arch: "amd64", cache: new Map(), registry: registry(), registryHost: HOST, ...o });

describe("effectivePullPolicy", () => {
  it.each([
    ["r/a:1", undefined, "IfNotPresent"],
    ["r/a:latest", undefined, "Always"],
    ["r/a", undefined, "Always"],
    [`r/a@sha256:${"a".repeat(64)}`, undefined, "IfNotPresent"],
    ["r/a:latest", "Never", "Never"],
  ])("%s with %s → %s", (image, policy, want) => expect(effectivePullPolicy(image, policy)).toBe(want));
});

describe("pullImage", () => {
  it("pulls a multi-arch tag and reports the index digest, as containerd does", () => {
    const m = registry();
    const r = pull("team/api:1", { registry: m });
    expect(r).toEqual({ ok: true, imageID: `${HOST}/team/api@${m.lookup("team/api", "1")!.digest}` });
  });

  it("keeps the cached old bytes of a moved tag under IfNotPresent, and pulls again under Always", () => {
    const m = registry();
    const cache: NodeCache = new Map();
    const old = pull("team/api:1", { registry: m, cache });
    m.setTag("team/api", "1", "api-2");
    expect(pull("team/api:1", { registry: m, cache })).toEqual(old);
    const fresh = pull("team/api:1", { registry: m, cache, policy: "Always" });
    expect(fresh).toEqual({ ok: true, imageID: `${HOST}/team/api@${m.lookup("team/api", "1")!.digest}` });
    expect(nodeImages(cache)).toHaveLength(2);
  });

  it.each([
    ["an arm64-only image on amd64", "team/arm:1", {}, "platform"],
    ["a deleted tag", "team/api:gone", {}, "manifest-unknown"],
    ["a private repository without credentials", "team/secret:1", {}, "unauthorized"],
    ["a private repository with wrong credentials", "team/secret:1", { credentials: [{ username: "sim-puller", password: "old" }] }, "unauthorized"],
    ["a registry answering 401", "team/api:1", { fault: { status: 401 as const } }, "unauthorized"],
  ])("fails on %s with a message lib/drift classifies as %s", (_name, image, o, cls) => {
    const r = pull(image, o);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe("ErrImagePull");
      expect(classifyPullFailure(r.reason, r.message)).toBe(cls);
    }
  });

  it("pulls a private repository with the pull secret's credentials", () => {
    const m = registry();
    expect(pull("team/secret:1", { registry: m, credentials: [{ username: "sim-puller", password: "old" }, m.credentials] })).toMatchObject({ ok: true });
  });

  it("refuses to pull under Never, and names an unknown host", () => {
    expect(pull("team/api:1", { policy: "Never" })).toMatchObject({ ok: false, reason: "ErrImageNeverPull" });
    const r = pullImage({ image: "elsewhere.example/team/api:1", arch: "amd64", cache: new Map(), registry: registry(), registryHost: HOST });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/no such host/) });
  });
});

describe("imageID per node runtime", () => {
  it.each([
    ["containerd", (m: RegistryModel) => `${HOST}/team/api@${m.lookup("team/api", "1")!.digest}`],
    ["cri-o", (m: RegistryModel) => `${HOST}/team/api@${m.lookup("team/api", "1")!.platforms.find((p) => p.architecture === "arm64")!.digest}`],
    ["docker", (m: RegistryModel) => `docker-pullable://${HOST}/team/api@${m.lookup("team/api", "1")!.digest}`],
  ] as const)("%s reports its own form of a multi-arch tag on arm64, also from the cache", (runtime, want) => {
    const m = registry();
    const cache: NodeCache = new Map();
    const first = pull("team/api:1", { registry: m, cache, arch: "arm64", runtime });
    expect(first).toEqual({ ok: true, imageID: want(m) });
    expect(pull("team/api:1", { registry: m, cache, arch: "arm64", runtime })).toEqual(first);
    // Pinned by the index digest, CRI-O still reports the child it stored.
    expect(pull(`team/api@${m.lookup("team/api", "1")!.digest}`, { registry: m, cache: new Map(), arch: "arm64", runtime })).toEqual(first);
  });
});
