import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultDockerConfig, parseArgs, parsePlatform } from "./cli-args";

describe("parseArgs", () => {
  it.each([
    [["resolve", "nginx"], { ref: "nginx", insecure: [] }],
    [["resolve", "nginx", "--platform", "linux/arm/v7"], { ref: "nginx", insecure: [], platform: { os: "linux", architecture: "arm", variant: "v7" } }],
    [["resolve", "--platform=linux/amd64", "nginx"], { ref: "nginx", insecure: [], platform: { os: "linux", architecture: "amd64" } }],
    [["resolve", "r", "--insecure", "a:5000", "--insecure=b", "--docker-config", "/c.json"], { ref: "r", insecure: ["a:5000", "b"], dockerConfig: "/c.json" }],
  ])("%j", (argv, value) => expect(parseArgs(argv)).toEqual({ ok: true, value }));

  it.each([
    [[], /missing command/],
    [["pin", "x"], /unknown command "pin"/],
    [["resolve"], /missing image reference/],
    [["resolve", "a", "b"], /unexpected argument "b"/],
    [["resolve", "a", "--platform"], /--platform needs a value/],
    [["resolve", "a", "--platform", "linux"], /os\/arch/],
    [["resolve", "a", "--platform", "linux/arm/v7/x"], /os\/arch/],
    [["resolve", "a", "--verbose"], /unknown option --verbose/],
    [["resolve", "a", "--insecure="], /--insecure needs a value/],
    [["resolve", "-x", "a"], /^unknown option -x$/],
    [["resolve", "a", "--platform", "--insecure", "x"], /^--platform needs a value$/],
    [["resolve", "a", "--help=yes"], /^--help takes no value$/],
  ])("%j is a usage error", (argv, message) => {
    const r = parseArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.help).toBe(false);
      expect(r.message).toMatch(message);
    }
  });

  it("asks for help", () => expect(parseArgs(["resolve", "--help"])).toMatchObject({ ok: false, help: true }));
});

describe("parsePlatform", () => {
  it.each([
    ["linux/arm64", { os: "linux", architecture: "arm64" }],
    ["linux/arm64/v8", { os: "linux", architecture: "arm64", variant: "v8" }],
    ["linux/", undefined],
    ["linux/arm/", undefined],
    ["", undefined],
  ])("%j", (text, p) => expect(parsePlatform(text)).toEqual(p));
});

describe("defaultDockerConfig", () => {
  it("finds $DOCKER_CONFIG/config.json only when it exists", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dw-cfg-"));
    expect(defaultDockerConfig({ ...process.env, DOCKER_CONFIG: dir })).toBeUndefined();
    writeFileSync(path.join(dir, "config.json"), "{}");
    expect(defaultDockerConfig({ ...process.env, DOCKER_CONFIG: dir })).toBe(path.join(dir, "config.json"));
  });
});
