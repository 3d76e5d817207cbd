import { describe, expect, it } from "vitest";
import { collectPullSecrets, decodePullSecret, referencedPullSecrets, type SecretReader } from "./pull-secrets";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const dockerconfigjson = (auths: object) => ({ type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64(JSON.stringify({ auths })) } });

describe("referencedPullSecrets", () => {
  it("lists each namespace/name once, sorted", () => {
    expect(referencedPullSecrets([
      { namespace: "b", imagePullSecrets: ["x"] },
      { namespace: "a", imagePullSecrets: ["y", "x"] },
      { namespace: "b", imagePullSecrets: ["x"] },
      { namespace: "c", imagePullSecrets: [] },
    ])).toEqual(["a/x", "a/y", "b/x"]);
  });
});

describe("decodePullSecret", () => {
  it.each([
    ["dockerconfigjson", dockerconfigjson({ "r.example": { auth: b64("u:p") } }), true],
    ["legacy dockercfg", { type: "kubernetes.io/dockercfg", data: { ".dockercfg": b64(JSON.stringify({ "r.example": { auth: b64("u:p") } })) } }, true],
  ])("decodes a %s secret", (_name, secret, ok) => {
    const got = decodePullSecret("ns/s", secret);
    expect(got.ok).toBe(ok);
    if (got.ok) expect(Object.keys(got.value.auths)).toEqual(["r.example"]);
  });

  it.each([
    ["an Opaque secret", { type: "Opaque", data: {} }, "WRONG_TYPE", /type Opaque/],
    ["a secret without its key", { type: "kubernetes.io/dockerconfigjson", data: {} }, "MALFORMED", /no \.dockerconfigjson key/],
    ["a payload that is not JSON", { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64("{nope") } }, "MALFORMED", /not valid JSON/],
  ])("reports %s", (_name, secret, code, message) => {
    const got = decodePullSecret("ns/s", secret);
    expect(got).toMatchObject({ ok: false, problem: { secret: "ns/s", code } });
    if (!got.ok) expect(got.problem.message).toMatch(message);
  });
});

describe("collectPullSecrets", () => {
  const source = { name: "c1", server: "https://c1.example" };
  it("reads each named secret once and turns 404, 403 and network errors into problems", async () => {
    const reads: string[] = [];
    const read: SecretReader = async (ns, name) => {
      reads.push(`${ns}/${name}`);
      if (name === "good") return dockerconfigjson({ "r.example": { username: "u", password: "p" } });
      if (name === "missing") throw Object.assign(new Error("HTTP-Code: 404"), { code: 404, body: { message: 'secrets "missing" not found' } });
      if (name === "locked") throw Object.assign(new Error("HTTP-Code: 403"), { code: 403, body: { message: 'secrets "locked" is forbidden' } });
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    };
    const got = await collectPullSecrets(source, [
      { namespace: "a", imagePullSecrets: ["good", "missing"] },
      { namespace: "a", imagePullSecrets: ["good", "locked", "down"] },
    ], read);
    expect(reads.sort()).toEqual(["a/down", "a/good", "a/locked", "a/missing"]);
    expect([...got.configs.keys()]).toEqual(["a/good"]);
    expect(got.problems.map((p) => [p.secret, p.code]).sort()).toEqual([["a/down", "UNREACHABLE"], ["a/locked", "FORBIDDEN"], ["a/missing", "NOT_FOUND"]]);
    expect(got.problems.find((p) => p.code === "FORBIDDEN")!.message).toMatch(/c1.*reading pull secret a\/locked.*forbidden/);
  });

  it("gives up on a secret that does not answer in time", async () => {
    const read: SecretReader = (_ns, _name, signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))));
    const got = await collectPullSecrets(source, [{ namespace: "a", imagePullSecrets: ["slow"] }], read, { timeoutMs: 20 });
    expect(got.problems).toMatchObject([{ secret: "a/slow", code: "TIMEOUT" }]);
  });
});

describe("collectPullSecrets with a cache", () => {
  const source = { name: "c1", server: "https://c1.example" };
  it("reads a secret once per cache window, forgets network trouble, and reads again after the window", async () => {
    let t = 0;
    const reads: string[] = [];
    const read: SecretReader = async (ns, name) => {
      reads.push(name);
      if (name === "good") return dockerconfigjson({ "r.example": { username: "u", password: "p" } });
      if (name === "locked") throw Object.assign(new Error("HTTP-Code: 403"), { code: 403, body: { message: "forbidden" } });
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    };
    const cache = new Map();
    const workloads = [{ namespace: "a", imagePullSecrets: ["good", "locked", "flaky"] }];
    const run = () => collectPullSecrets(source, workloads, read, { cache, cacheMs: 1000, now: () => t });
    const first = await run();
    expect([...first.configs.keys()]).toEqual(["a/good"]);
    expect(reads.sort()).toEqual(["flaky", "good", "locked"]);
    t = 500;
    const second = await run();
    expect(reads.filter((n) => n !== "flaky")).toHaveLength(2); // good and locked came from the cache
    expect(reads.filter((n) => n === "flaky")).toHaveLength(2); // network trouble is asked again
    expect([...second.configs.keys()]).toEqual(["a/good"]);
    expect(second.problems.map((p) => p.code).sort()).toEqual(["FORBIDDEN", "UNREACHABLE"]);
    t = 1500;
    await run();
    expect(reads.filter((n) => n === "good")).toHaveLength(2);
  });
});
