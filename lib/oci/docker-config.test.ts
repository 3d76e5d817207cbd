import { describe, expect, it } from "vitest";
import { credentialFor, normaliseAuthKey, parseDockerConfig } from "./docker-config";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const parse = (json: unknown) => {
  const r = parseDockerConfig(JSON.stringify(json));
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe("normaliseAuthKey", () => {
  it.each([
    ["https://index.docker.io/v1/", "docker.io"],
    ["index.docker.io", "docker.io"],
    ["registry-1.docker.io", "docker.io"],
    ["docker.io", "docker.io"],
    ["https://ghcr.io", "ghcr.io"],
    ["ghcr.io/org/path", "ghcr.io"],
    ["http://127.0.0.1:5000", "127.0.0.1:5000"],
    ["Registry.Example.com:443/v2/", "registry.example.com:443"],
  ])("%s → %s", (key, host) => expect(normaliseAuthKey(key)).toBe(host));
});

describe("credentialFor", () => {
  const config = parse({
    auths: {
      "https://index.docker.io/v1/": { auth: b64("hubuser:hub:pass:with:colons") },
      "ghcr.io": { username: "gh", password: "ghp_x" },
      "http://127.0.0.1:5000/": { auth: b64("ci:s3cret") },
      "acr.example.io": { auth: b64("00000000-0000-0000-0000-000000000000:"), identitytoken: "refresh-token" },
      "empty.example.io": { auth: "" },
    },
  });

  it.each([
    ["docker.io", { username: "hubuser", password: "hub:pass:with:colons" }],
    ["registry-1.docker.io", { username: "hubuser", password: "hub:pass:with:colons" }],
    ["ghcr.io", { username: "gh", password: "ghp_x" }],
    ["127.0.0.1:5000", { username: "ci", password: "s3cret" }],
    ["acr.example.io", { identityToken: "refresh-token", username: undefined }],
    ["empty.example.io", undefined],
    ["127.0.0.1:5001", undefined],
    ["quay.io", undefined],
  ])("%s", (host, expected) => expect(credentialFor(config, host)).toEqual(expected));

  it("reads a legacy .dockercfg (the auths map alone)", () => {
    expect(credentialFor(parse({ "quay.io": { auth: b64("robot:tok"), email: "x@y" } }), "quay.io")).toEqual({ username: "robot", password: "tok" });
  });

  it("treats a config without auths as having no credentials", () => {
    expect(credentialFor(parse({ credsStore: "desktop" }), "docker.io")).toBeUndefined();
  });

  it("reports invalid JSON and invalid shapes as values", () => {
    expect(parseDockerConfig("{nope")).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
    expect(parseDockerConfig(JSON.stringify({ auths: { "ghcr.io": { auth: 42 } } }))).toMatchObject({ ok: false });
  });
});

describe("parseDockerConfig errors", () => {
  const canary = "CANARY-7f3a91";
  it.each([
    [`{"auths": {"r.example": {"auth": "${canary}`, "docker config is not valid JSON at line 1, column 34 (character 33): unterminated string"],
    [`${canary}`, "docker config is not valid JSON at line 1, column 1 (character 0): unexpected character"],
    [`{"auths": {"${canary}": {"auth": 42}}}`, "docker config: auths.<registry entry>.auth: expected string"],
    [`{"${canary}": {"auth": 42}}`, "docker config: <registry entry>.auth: expected string"],
    [`{"auths": {"r.example": {"password": ["${canary}"]}}}`, "docker config: auths.<registry entry>.password: expected string"],
    [`{"auths": "${canary}"}`, "docker config: auths: expected record"],
  ])("%s is reported by position and kind, never quoted", (text, message) => {
    const r = parseDockerConfig(text);
    expect(r).toEqual({ ok: false, message });
    expect(JSON.stringify(r)).not.toContain(canary);
  });
});
